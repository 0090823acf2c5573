#!/bin/bash
# The overlay IT's testbed: two servers (namespaces, each running its own ovsdb-server and
# ovs-vswitchd), an underlay veth between them, a DSN bridge br-dsn per server with the uplink on
# port 10, a flow-based VXLAN port on port 9 and the underlay address on the bridge's own
# interface; workloads (namespaces) of two tenants with the same addresses.
#   testbed.sh up PREFIX    builds it (PREFIX: a short name unique to the run), tunnel ports included
#   testbed.sh managed PREFIX OPENFLOW-PORT OVSDB-PORT
#                           builds it for a node: each server reaches the root namespace over a
#                           management veth (169.254.21N.1 there, .2 in the server), its bridge is
#                           the node's OpenFlow switch and its ovsdb-server the node's managed
#                           database (set-manager); no tunnel port: the node creates it from the
#                           underlay address in external_ids:dsp-encap-ip
#   testbed.sh nat PREFIX   as up, and an external network (docs/nat.md): namespace PREFIX-ext holds a
#                           Linux bridge br-ext (203.0.113.10/24, MAC 02:00:00:cb:00:0a: the external
#                           server and next hop) with a veth to each server's bridge, on port 20 (the
#                           gateways' external ports)
#   testbed.sh managed-nat PREFIX OPENFLOW-PORT OVSDB-PORT   managed, with the external network
#   testbed.sh chain PREFIX as up, and red's service-function workloads (docs/chaining.md): ids1 (10.10.1.31,
#                           server 1 port 13), ids2 (10.10.1.32, server 2 port 13), fw1 (10.10.2.41, server 2
#                           port 14, forwarding IPv4 without redirects), ids3 (10.10.1.33, server 1 port 15: a second
#                           IDS beside ids1, ChainLoadNodeIT); testbed/chain/sf.py runs in them
#   testbed.sh managed-chain PREFIX OPENFLOW-PORT OVSDB-PORT managed, with the service-function workloads
#   testbed.sh managed-chain-nat PREFIX OPENFLOW-PORT OVSDB-PORT   managed, with the service-function workloads and
#                           the external network (a chain to the external network, ChainNatNodeIT)
#   testbed.sh managed-chain-encrypt PREFIX OPENFLOW-PORT OVSDB-PORT   managed, with the service-function workloads and
#                           provisioned for encryption (below)
#   testbed.sh managed-encrypt PREFIX OPENFLOW-PORT OVSDB-PORT   managed, and each server provisioned for encryption
#                           between DSNs (docs/encryption.md): its WireGuard endpoint 192.168.100.10N/24 in
#                           external_ids:dsp-encrypt-endpoint, and tools/dsp-encrypt-agent running (namespace
#                           PREFIX-encN, interface PREFIXwgN, at most 900 s)
#   testbed.sh down PREFIX  removes everything PREFIX names (also what a killed run left)
set -u
cmd=$1; P=$2
MANAGED=0; NAT=0; CHAIN=0; ENCRYPT=0
case $cmd in managed|managed-*) MANAGED=1;; esac
case $cmd in nat|*-nat) NAT=1;; esac
case $cmd in chain|*-chain|*-chain-*) CHAIN=1;; esac
case $cmd in *-encrypt) ENCRYPT=1;; esac
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR=/tmp/$P
down() {
  for n in 1 2; do # the encryption agents first: they take down what they built while the servers' OVS still runs
    f=$DIR/s$n/encrypt-agent.pid
    if [ -f "$f" ]; then
      pid=$(cat "$f")
      if [ "$(cat /proc/$pid/comm 2>/dev/null)" = python3 ]; then
        kill "$pid" 2>/dev/null
        for i in $(seq 50); do [ -d /proc/$pid ] || break; sleep 0.1; done
      fi
    fi
  done
  pkill -f "wireguard-go -f ${P}wg" 2>/dev/null || true
  rm -f /var/run/wireguard/${P}wg*.sock
  for n in 1 2; do
    for d in ovs-vswitchd ovsdb-server; do
      f=$DIR/s$n/$d.pid
      if [ -f "$f" ]; then
        pid=$(cat "$f")
        if [ "$(cat /proc/$pid/comm 2>/dev/null)" = "${d:0:15}" ]; then kill "$pid" 2>/dev/null; fi
      fi
    done
  done
  sleep 0.3
  for n in 1 2; do ip link del $P-m$n 2>/dev/null || true; done
  for ns in $(ip netns list | awk '{print $1}' | grep "^$P-"); do ip netns del "$ns"; done
  rm -rf "$DIR"
}
if [ "$cmd" = down ]; then down; exit 0; fi
set -e
down
# workloads: tenant port name mac ip gateway server ip6 gateway6
WORKLOADS="r 11 web1 02:00:00:0a:01:0b 10.10.1.11 10.10.1.1 1 fd00:10:1::11 fd00:10:1::1
r 11 web2 02:00:00:0a:01:0c 10.10.1.12 10.10.1.1 2 fd00:10:1::12 fd00:10:1::1
r 12 db1 02:00:00:0a:02:15 10.10.2.21 10.10.2.1 2 fd00:10:2::21 fd00:10:2::1
b 21 web1 02:00:00:0b:01:0b 10.10.1.11 10.10.1.1 1 fd00:10:1::11 fd00:10:1::1
b 21 web2 02:00:00:0b:01:0c 10.10.1.12 10.10.1.1 2 fd00:10:1::12 fd00:10:1::1
b 22 db1 02:00:00:0b:02:15 10.10.2.21 10.10.2.1 2 fd00:10:2::21 fd00:10:2::1"
if [ $CHAIN = 1 ]; then
  WORKLOADS="$WORKLOADS
r 13 ids1 02:00:00:0a:01:1f 10.10.1.31 10.10.1.1 1 fd00:10:1::31 fd00:10:1::1
r 13 ids2 02:00:00:0a:01:20 10.10.1.32 10.10.1.1 2 fd00:10:1::32 fd00:10:1::1
r 14 fw1 02:00:00:0a:02:29 10.10.2.41 10.10.2.1 2 fd00:10:2::41 fd00:10:2::1
r 15 ids3 02:00:00:0a:01:21 10.10.1.33 10.10.1.1 1 fd00:10:1::33 fd00:10:1::1"
fi
for n in 1 2; do
  d=$DIR/s$n; mkdir -p $d; ns=$P-s$n
  ip netns add $ns; ip netns exec $ns ip link set lo up
  ovsdb-tool create $d/conf.db /usr/share/openvswitch/vswitch.ovsschema
  ip netns exec $ns env OVS_RUNDIR=$d timeout 20 ovsdb-server $d/conf.db --remote=punix:$d/db.sock --remote=db:Open_vSwitch,Open_vSwitch,manager_options --pidfile=$d/ovsdb-server.pid \
    --unixctl=$d/ovsdb-server.ctl --log-file=$d/ovsdb-server.log --detach
  ip netns exec $ns env OVS_RUNDIR=$d timeout 20 ovs-vswitchd unix:$d/db.sock --pidfile=$d/ovs-vswitchd.pid \
    --unixctl=$d/ovs-vswitchd.ctl --log-file=$d/ovs-vswitchd.log --detach
  V="ovs-vsctl --timeout=10 --db=unix:$d/db.sock"
  $V --no-wait init
  $V add-br br-dsn -- set bridge br-dsn datapath_type=netdev fail-mode=secure protocols=OpenFlow13 \
    other-config:datapath-id=000000000000000$n
  if [ $MANAGED = 1 ]; then
    $V set open_vswitch . external_ids:dsp-encap-ip=192.168.100.$n
    if [ $ENCRYPT = 1 ]; then $V set open_vswitch . external_ids:dsp-encrypt-endpoint=192.168.100.10$n/24; fi
    ip link add $P-m$n type veth peer name mgmt0 netns $ns
    ip addr add 169.254.21$n.1/30 dev $P-m$n; ip link set $P-m$n up
    ip netns exec $ns ip addr add 169.254.21$n.2/30 dev mgmt0; ip netns exec $ns ip link set mgmt0 up
  else
    $V add-port br-dsn dsp-tun -- set interface dsp-tun type=vxlan ofport_request=9 options:key=flow options:remote_ip=flow \
      options:local_ip=192.168.100.$n
  fi
  ip netns exec $ns ip addr add 192.168.100.$n/24 dev br-dsn
  ip netns exec $ns ip link set br-dsn up
done
ip link add $P-u1 type veth peer name $P-u2
for n in 1 2; do
  ip link set $P-u$n netns $P-s$n
  ip netns exec $P-s$n ip link set $P-u$n up
  ovs-vsctl --timeout=10 --db=unix:$DIR/s$n/db.sock add-port br-dsn $P-u$n -- set interface $P-u$n ofport_request=10
done
echo "$WORKLOADS" | while read t port name mac ip gw srv ip6 gw6; do
  ns=$P-$t-$name; ifc=$P$t$name
  ip netns add $ns; ip netns exec $ns ip link set lo up
  ip link add $ifc type veth peer name eth0 netns $ns
  ip link set $ifc netns $P-s$srv
  # the server's own stack stays off the workload's port (no IPv6 of its own there), as a CNI plugin keeps it:
  # what reaches a workload is only what its DSN delivers
  ip netns exec $P-s$srv sysctl -qw net.ipv6.conf.$ifc.disable_ipv6=1
  ip netns exec $P-s$srv ip link set $ifc up
  ip netns exec $ns ip link set eth0 address $mac mtu 1450
  ip netns exec $ns ip addr add $ip/24 dev eth0
  ip netns exec $ns ip link set eth0 up
  ip netns exec $ns ip route add default via $gw
  ip netns exec $ns ip -6 addr add $ip6/64 dev eth0 nodad
  ip netns exec $ns ip -6 route add default via $gw6
  ip netns exec $ns ethtool -K eth0 tx off >/dev/null
  ovs-vsctl --timeout=10 --db=unix:$DIR/s$srv/db.sock add-port br-dsn $ifc -- set interface $ifc ofport_request=$port
done
if [ $CHAIN = 1 ]; then
  # the routed service function forwards what it gets back out of its one interface: no redirects, no source check
  ip netns exec $P-r-fw1 sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 net.ipv4.conf.eth0.send_redirects=0 \
    net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.eth0.rp_filter=0 net.ipv6.conf.all.forwarding=1
  for w in ids1 ids2 ids3; do ip netns exec $P-r-$w ip link set eth0 promisc on; done
fi
if [ $NAT = 1 ]; then
  x=$P-ext
  ip netns add $x; ip netns exec $x ip link set lo up
  ip netns exec $x ip link add br-ext type bridge
  ip netns exec $x ip link set br-ext address 02:00:00:cb:00:0a
  for n in 1 2; do
    ip link add $P-x$n type veth peer name x$n netns $x
    ip link set $P-x$n netns $P-s$n
    ip netns exec $P-s$n sysctl -qw net.ipv6.conf.$P-x$n.disable_ipv6=1
    ip netns exec $P-s$n ip link set $P-x$n up
    ovs-vsctl --timeout=10 --db=unix:$DIR/s$n/db.sock add-port br-dsn $P-x$n -- set interface $P-x$n ofport_request=20
    ip netns exec $x ip link set x$n master br-ext
    ip netns exec $x ethtool -K x$n tx off >/dev/null
    ip netns exec $x ip link set x$n up
  done
  ip netns exec $x ip addr add 203.0.113.10/24 dev br-ext
  ip netns exec $x ip link set br-ext up
  ip netns exec $x ethtool -K br-ext tx off >/dev/null
fi
# last: the servers connect to the node with every port in place
if [ $MANAGED = 1 ]; then
  for n in 1 2; do
    V="ovs-vsctl --timeout=10 --db=unix:$DIR/s$n/db.sock"
    $V set-controller br-dsn tcp:169.254.21$n.1:$3
    $V set-manager tcp:169.254.21$n.1:$4
  done
fi
if [ $ENCRYPT = 1 ]; then
  for n in 1 2; do
    mkdir -p $DIR/s$n/enc
    # nsenter, not ip netns exec: the agent's own namespace must be visible outside (ip netns exec's mounts are private)
    nsenter --net=/var/run/netns/$P-s$n setsid /usr/bin/python3 "$ROOT/tools/dsp-encrypt-agent" --db unix:$DIR/s$n/db.sock --netns $P-enc$n \
      --wg ${P}wg$n --state $DIR/s$n/enc --interval 0.2 --lifetime 900 > $DIR/s$n/enc/agent.log 2>&1 < /dev/null &
    echo $! > $DIR/s$n/encrypt-agent.pid
  done
fi
