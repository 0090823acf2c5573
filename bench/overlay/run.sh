#!/usr/bin/env bash
# The overlay benchmark (issue 12, item 6), results in docs/benchmarks.md:
# - throughput (iperf3, one TCP stream, 5 s) and new TCP connections/s between two servers (each a
#   namespace with its own userspace Open vSwitch, an underlay veth between them), through the
#   overlay (tenant red, VXLAN) and without tunnels (tenant green, flat, the same servers, the
#   same path), alternating, RUNS times each, medians;
# - flows per DSN as networks and endpoints grow (dsp compile, no switch).
# Bounded: every command has a timeout; everything it creates is removed on exit.
#   bench/overlay/run.sh [RUNS]   (default 3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/bench/lib.sh"   # gbps, rate, median, vswitchd_pids, bench_servers
RUNS=${1:-3}
P=dob$$
P=${P:0:7}
JAR="$ROOT/cli/target/dsp-cli.jar"
WORK="$(mktemp -d /tmp/dsp-bench-overlay.XXXXXX)"
cleanup() {
  jobs -p | xargs -r kill 2>/dev/null || true  # the bounded servers it started (iperf3, connrate.py)
  bash "$ROOT/testbed/overlay/testbed.sh" down "$P" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v iperf3 >/dev/null || { echo "bench: iperf3 is needed (apt-get install iperf3)" >&2; exit 1; }
bash "$ROOT/testbed/overlay/testbed.sh" up "$P" > /dev/null 2>&1
# the flat baseline: green-1 on server 1, green-2 on server 2, port 31, MTU 1500
for n in 1 2; do
  ns=$P-g$n; ifc=${P}g$n
  ip netns add $ns; ip netns exec $ns ip link set lo up
  ip link add $ifc type veth peer name eth0 netns $ns
  ip link set $ifc netns $P-s$n
  ip netns exec $P-s$n sysctl -qw net.ipv6.conf.$ifc.disable_ipv6=1
  ip netns exec $P-s$n ip link set $ifc up
  ip netns exec $ns ip link set eth0 address 02:00:00:0c:00:0$n
  ip netns exec $ns ip addr add 10.20.0.$n/24 dev eth0
  ip netns exec $ns ip link set eth0 up
  ip netns exec $ns ethtool -K eth0 tx off >/dev/null
  ovs-vsctl --timeout=10 --db=unix:/tmp/$P/s$n/db.sock add-port br-dsn $ifc -- set interface $ifc ofport_request=31
done
for n in 1 2; do
  timeout 60 java -jar "$JAR" compile -f "$ROOT/examples/overlay.json" -f "$ROOT/examples/overlay-blue.json" \
    -f "$ROOT/bench/overlay/green.json" --dsn of:000000000000000$n \
    --uplink of:0000000000000001=10 --uplink of:0000000000000002=10 \
    --tunnel of:0000000000000001=9@192.168.100.1 --tunnel of:0000000000000002=9@192.168.100.2 2>/dev/null > "$WORK/f$n"
  ip netns exec $P-s$n ovs-ofctl -O OpenFlow13 add-flows --bundle unix:/tmp/$P/s$n/br-dsn.mgmt "$WORK/f$n"
done
pids=$(vswitchd_pids)
ip netns exec $P-r-web1 ping -c 3 -i 0.3 -W 1 10.10.1.12 >/dev/null || true
ip netns exec $P-g1 ping -c 3 -i 0.3 -W 1 10.20.0.2 >/dev/null || true
# the receivers' servers (bounded)
bench_servers $P-r-web2 "$RUNS"
bench_servers $P-g2 "$RUNS"
sleep 1
OT=""; FT=""; OC=""; FC=""
for i in $(seq 1 "$RUNS"); do
  OT="$OT $(gbps $P-r-web1 10.10.1.12)"; FT="$FT $(gbps $P-g1 10.20.0.2)"
  OC="$OC $(rate $P-r-web1 10.10.1.12 $((7000 + i)))"; FC="$FC $(rate $P-g1 10.20.0.2 $((7000 + i)))"
done
[ "$(vswitchd_pids)" = "$pids" ] || { echo "bench: an ovs-vswitchd restarted during the run: numbers void" >&2; exit 1; }
ot=$(echo $OT | median); ft=$(echo $FT | median); oc=$(echo $OC | median); fc=$(echo $FC | median)
echo "throughput Gbit/s, one TCP stream: overlay $ot (runs:$OT), no tunnel $ft (runs:$FT), ratio $(awk -v a=$ot -v b=$ft 'BEGIN{printf "%.2f", a/b}')"
echo "new TCP connections/s: overlay $oc (runs:$OC), no tunnel $fc (runs:$FC), ratio $(awk -v a=$oc -v b=$fc 'BEGIN{printf "%.2f", a/b}')"
echo "flows: server 1 $(grep -c '^table=' "$WORK/f1"), server 2 $(grep -c '^table=' "$WORK/f2") (red, blue and green)"
# flows per DSN as networks and endpoints grow: one tenant, N networks of M members over 10 DSNs
echo "flows per DSN (busiest of 10 DSNs, tunnels on all), one tenant: networks x members per network -> flows"
for nm in "1 10" "1 100" "10 10" "10 100" "50 20" "100 10" "100 20"; do
  set -- $nm
  /usr/bin/python3 - "$1" "$2" > "$WORK/gen.json" <<'PY'
import json, sys
nets, per = int(sys.argv[1]), int(sys.argv[2])
eps, networks = [], []
for n in range(nets):
    networks.append({"name": "n%d" % n, "subnets": [{"cidr": "10.%d.%d.0/24" % (n // 200, n % 200), "gateway": "10.%d.%d.1" % (n // 200, n % 200)}]})
    for m in range(per):
        k = n * per + m
        eps.append({"name": "e%d" % k, "kind": "vm", "mac": "02:00:%02x:%02x:%02x:%02x" % ((k >> 24) & 255, (k >> 16) & 255, (k >> 8) & 255, k & 255),
                    "addresses": ["10.%d.%d.%d" % (n // 200, n % 200, m + 10)],
                    "attachment": {"dsn": "of:%016x" % (1 + k % 10), "port": 100 + k // 10}})
print(json.dumps({"tenant": {"id": "grow", "defaultPosture": "default-allow"}, "endpoints": eps, "networks": networks}))
PY
  tunnels=(); for d in $(seq 1 10); do tunnels+=(--tunnel "of:$(printf %016x $d)=9@192.168.100.$d" --uplink "of:$(printf %016x $d)=10"); done
  max=$(timeout 120 java -jar "$JAR" compile -f "$WORK/gen.json" "${tunnels[@]}" 2>/dev/null | grep -E '^# dsn .*: [0-9]+ flows$' \
    | awk '{print $NF=="flows" ? $(NF-1) : $NF}' | sort -g | tail -1)
  echo "  $1 x $2 ($(( $1 * $2 )) endpoints, $(( $1 * $2 / 10 )) per DSN) -> $max"
done
