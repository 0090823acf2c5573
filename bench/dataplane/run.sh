#!/usr/bin/env bash
# Data-plane cost of a stateful DSN (issue 9, item 5), results in docs/benchmarks.md: one TCP stream
# (iperf3, 5 s) and new TCP connections/s (client closes first, 3 s) through DSP's program against a
# plain NORMAL bridge, on the one userspace Open vSwitch of this machine, configurations interleaved in
# each of RUNS rounds, medians:
#   plain   - a bridge holding only priority=0,actions=NORMAL
#   dsp     - the N-rule workload of bench/scale (gen-doc.py N one --dataplane: every allow stateful,
#             onChange re-evaluate, the default), as `dsp compile` writes it for its DSN
#   persist - the same with the two rules the traffic uses set to onChange: persist
# Then, for each DSP variant, the datapath's view of an established TCP stream: its megaflows (with
# their recirculations) from `ovs-appctl dpctl/dump-flows` while iperf3 runs, and `upcall/show`.
# Bounded: every command has a timeout; everything it creates (bridges dsp-dp*, namespaces dp-*) is
# removed on exit.   bench/dataplane/run.sh [RUNS] [N]   (default 3 rounds, N = 1000)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/bench/lib.sh"   # gbps, rate, median
RUNS=${1:-3}; N=${2:-1000}
[ "$RUNS" -ge 1 ] && [ "$RUNS" -le 10 ] || { echo "bench: 1 to 10 rounds (the rules allow tcp 7001-7010, one port per round)" >&2; exit 2; }
JAR="$ROOT/cli/target/dsp-cli.jar"
WORK="$(mktemp -d /tmp/dsp-bench-dp.XXXXXX)"
CONFIGS="plain dsp persist"
DSN=of:00000000000000e1
cleanup() {
  jobs -p | xargs -r kill 2>/dev/null || true
  for c in $CONFIGS; do
    ip netns del dp-$c-c 2>/dev/null || true; ip netns del dp-$c-w 2>/dev/null || true
    ovs-vsctl --timeout=10 --if-exists del-br dsp-dp-$c || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v iperf3 >/dev/null || { echo "bench: iperf3 is needed (apt-get install iperf3)" >&2; exit 1; }
cleanup; WORK="$(mktemp -d /tmp/dsp-bench-dp.XXXXXX)"
# attach NAME BRIDGE PORT MAC IP: a namespace on a veth at OpenFlow port PORT, checksum offload off (TCP
# through the userspace datapath), neighbours static (what is measured is the IP path, not ARP)
attach() {
  local ns=$1 ifc=$1; ifc=${ifc//-/}
  ip netns add "$ns"; ip netns exec "$ns" ip link set lo up
  ip link add "$ifc" type veth peer name eth0 netns "$ns"
  ip link set "$ifc" up
  ip netns exec "$ns" ip link set eth0 address "$4"
  ip netns exec "$ns" ip addr add "$5/24" dev eth0
  ip netns exec "$ns" ip link set eth0 up
  ip netns exec "$ns" ethtool -K eth0 tx off >/dev/null
  ethtool -K "$ifc" tx off >/dev/null
  ovs-vsctl --timeout=10 add-port "$2" "$ifc" -- set interface "$ifc" ofport_request="$3"
}
for c in $CONFIGS; do
  ovs-vsctl --timeout=10 add-br dsp-dp-$c -- set bridge dsp-dp-$c datapath_type=netdev fail-mode=secure \
    protocols=OpenFlow13 other-config:datapath-id=${DSN#of:}
  attach dp-$c-c dsp-dp-$c 1 02:00:00:00:00:10 10.0.0.10
  attach dp-$c-w dsp-dp-$c 2 02:00:00:00:00:11 10.0.0.11
  ip netns exec dp-$c-c ip neigh replace 10.0.0.11 lladdr 02:00:00:00:00:11 dev eth0
  ip netns exec dp-$c-w ip neigh replace 10.0.0.10 lladdr 02:00:00:00:00:10 dev eth0
done
ovs-ofctl -O OpenFlow13 add-flow dsp-dp-plain "priority=0,actions=NORMAL"
for c in dsp persist; do
  opt=--dataplane; [ $c = persist ] && opt=--dataplane=persist
  /usr/bin/python3 "$ROOT/bench/scale/gen-doc.py" "$N" one $opt > "$WORK/$c.json"
  timeout 120 java -jar "$JAR" compile -f "$WORK/$c.json" --dsn $DSN > "$WORK/$c.flows"
  ovs-ofctl -O OpenFlow13 add-flows --bundle dsp-dp-$c "$WORK/$c.flows"
  echo "bench: $c: $(grep -c '^table=' "$WORK/$c.flows") flows on dsp-dp-$c"
done
for c in $CONFIGS; do
  ip netns exec dp-$c-c ping -c 2 -i 0.3 -W 1 10.0.0.11 >/dev/null 2>&1 || true
  bench_servers dp-$c-w "$RUNS"
done
sleep 1
# the policy is enforced: the allowed port answers, another port of the same server does not (DSP only)
for c in dsp persist; do
  ip netns exec dp-$c-c timeout 5 /usr/bin/python3 -c "import socket; socket.create_connection(('10.0.0.11', 7001), timeout=2)" \
    || { echo "bench: $c: the allowed connection to tcp/7001 failed" >&2; exit 1; }
  ip netns exec dp-$c-w timeout 10 /usr/bin/python3 -c "import socket,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('0.0.0.0', 7011)); s.listen(); time.sleep(4)" &
  sleep 0.5
  # the listener is up (a connection from its own namespace, which no switch sees) ...
  ip netns exec dp-$c-w timeout 5 /usr/bin/python3 -c "import socket; socket.create_connection(('10.0.0.11', 7011), timeout=2)" \
    || { echo "bench: $c: the tcp/7011 listener did not start" >&2; exit 1; }
  # ... and the client cannot reach it through the program
  if ip netns exec dp-$c-c timeout 5 /usr/bin/python3 -c "import socket; socket.create_connection(('10.0.0.11', 7011), timeout=2)" 2>/dev/null; then
    echo "bench: $c: tcp/7011, which no rule allows, connected: the program does not enforce" >&2; exit 1
  fi
done
echo "bench: dsp and persist: tcp/7001 connects, tcp/7011 (no rule) does not"
declare -A T C
for i in $(seq 1 "$RUNS"); do
  for c in $CONFIGS; do
    T[$c]="${T[$c]:-} $(gbps dp-$c-c 10.0.0.11)"
    C[$c]="${C[$c]:-} $(rate dp-$c-c 10.0.0.11 $((7000 + i)))"
  done
done
pt=$(echo ${T[plain]} | median); pc=$(echo ${C[plain]} | median)
for c in $CONFIGS; do
  t=$(echo ${T[$c]} | median); r=$(echo ${C[$c]} | median)
  printf 'bench: %-7s iperf3 %s Gbit/s (runs:%s) share %s; connections/s %s (runs:%s) share %s\n' "$c" "$t" "${T[$c]}" \
    "$(awk -v a="$t" -v b="$pt" 'BEGIN{printf "%.2f", a/b}')" "$r" "${C[$c]}" "$(awk -v a="$r" -v b="$pc" 'BEGIN{printf "%.2f", a/b}')"
done
# the datapath's view of one established stream, per variant (flows of the userspace datapath while iperf3 runs)
for c in dsp persist; do
  ip netns exec dp-$c-c timeout 30 iperf3 -c 10.0.0.11 -p 5201 -t 4 >/dev/null &
  sleep 2
  ovs-appctl dpctl/dump-flows > "$WORK/$c.dp"
  ovs-appctl upcall/show > "$WORK/$c.upcall"
  wait $! || true
  ports=$(ovs-appctl dpctl/show | awk -v a="dp${c}c" -v b="dp${c}w" '$1 == "port" && ($3 == a || $3 == b) {sub(":", "", $2); printf "%s|", $2}')
  # the stream's: busy (more than 9 packets) and used in the last second (earlier runs' flows may not have expired yet)
  mine=$(grep -E "in_port\((${ports%|})\)" "$WORK/$c.dp" | grep -v "packets:[0-9]," | grep -E "used:0\.[0-9]+s" || true)
  [ -n "$mine" ] || { echo "bench: $c: no datapath flow of its ports; the first lines:"; head -3 "$WORK/$c.dp"; }
  echo "bench: $c: the stream's busy datapath flows (both directions): $(echo "$mine" | grep -c . ), of them first passes (recirc_id 0): $(echo "$mine" | grep -c 'recirc_id(0)' || true), with a ct action (each one recirculation): $(echo "$mine" | grep -c 'ct(' || true)"
  echo "$mine" | sed -e 's/^/    /' -e 's/packet_type(ns=0,id=0),//' | cut -c1-330 | head -12
  grep -E "flows *:|dump duration" "$WORK/$c.upcall" | head -3 | sed 's/^/    upcall: /'
done
