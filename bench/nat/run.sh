#!/usr/bin/env bash
# The NAT benchmark (issue 13, item 5), results in docs/benchmarks.md: new TCP connections/s and
# throughput (iperf3, one TCP stream, 5 s) from red-web-2 (server 2) through source NAT - tunnelled
# to the gateway (server 1), translated to red's pool there, out of the gateway's external port to
# the external host - next to the same client to red-web-1 on server 1 without NAT (the same
# tunnel, no translation, no external hop). Alternating, RUNS times each, medians. Checks that
# ovs-vswitchd did not restart (the OVS 3.1 conntrack crash with nat, ../shared/TESTBED.md: the
# client closes first, each run gets a destination port of its own, the pool has 10,000 ports).
# Bounded: every command has a timeout; everything it creates is removed on exit.
#   bench/nat/run.sh [RUNS]   (default 3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/bench/lib.sh"   # gbps, rate, median, vswitchd_pids, bench_servers
RUNS=${1:-3}
P=dnb$$
P=${P:0:7}
JAR="$ROOT/cli/target/dsp-cli.jar"
WORK="$(mktemp -d /tmp/dsp-bench-nat.XXXXXX)"
cleanup() {
  jobs -p | xargs -r kill 2>/dev/null || true  # the bounded servers it started (iperf3, connrate.py)
  bash "$ROOT/testbed/overlay/testbed.sh" down "$P" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v iperf3 >/dev/null || { echo "bench: iperf3 is needed (apt-get install iperf3)" >&2; exit 1; }
bash "$ROOT/testbed/overlay/testbed.sh" nat "$P" > /dev/null 2>&1
for n in 1 2; do
  timeout 60 java -jar "$JAR" compile -f "$ROOT/examples/nat.json" -f "$ROOT/examples/nat-blue.json" --dsn of:000000000000000$n \
    --uplink of:0000000000000001=10 --uplink of:0000000000000002=10 \
    --tunnel of:0000000000000001=9@192.168.100.1 --tunnel of:0000000000000002=9@192.168.100.2 \
    --external of:0000000000000001=20@02:00:00:cb:00:0a 2>/dev/null > "$WORK/f$n"
  ip netns exec $P-s$n ovs-ofctl -O OpenFlow13 add-flows --bundle unix:/tmp/$P/s$n/br-dsn.mgmt "$WORK/f$n"
done
pids=$(vswitchd_pids)
ip netns exec $P-r-web2 ping -c 3 -i 0.3 -W 1 10.10.1.11 >/dev/null || true
ip netns exec $P-r-web2 ping -c 3 -i 0.3 -W 1 203.0.113.10 >/dev/null || true
# the receivers: the external host, and red-web-1 (red's web admits every port from web)
for w in ext r-web1; do bench_servers $P-$w "$RUNS"; done
sleep 1
NT=""; OT=""; NC=""; OC=""
for i in $(seq 1 "$RUNS"); do
  NT="$NT $(gbps $P-r-web2 203.0.113.10)"; OT="$OT $(gbps $P-r-web2 10.10.1.11)"
  NC="$NC $(rate $P-r-web2 203.0.113.10 $((7000 + i)))"; OC="$OC $(rate $P-r-web2 10.10.1.11 $((7000 + i)))"
done
[ "$(vswitchd_pids)" = "$pids" ] || { echo "bench: an ovs-vswitchd restarted during the run: numbers void" >&2; exit 1; }
nt=$(echo $NT | median); ot=$(echo $OT | median); nc=$(echo $NC | median); oc=$(echo $OC | median)
echo "throughput Gbit/s, one TCP stream: through SNAT $nt (runs:$NT), without NAT $ot (runs:$OT), ratio $(awk -v a=$nt -v b=$ot 'BEGIN{printf "%.2f", a/b}')"
echo "new TCP connections/s: through SNAT $nc (runs:$NC), without NAT $oc (runs:$OC), ratio $(awk -v a=$nc -v b=$oc 'BEGIN{printf "%.2f", a/b}')"
echo "translations in red's NAT zone on the gateway after the runs: $(ip netns exec $P-s1 ovs-appctl -t /tmp/$P/s1/ovs-vswitchd.ctl dpctl/dump-conntrack | grep -c 203.0.113.100 || true)"
echo "flows: server 1 (gateway) $(grep -c '^table=' "$WORK/f1"), server 2 $(grep -c '^table=' "$WORK/f2") (red and blue with NAT)"
