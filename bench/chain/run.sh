#!/usr/bin/env bash
# The service-chaining benchmark (issue 14, item 3: latency added per step), results in
# docs/benchmarks.md. The overlay testbed's two servers with red's service functions (testbed.sh
# chain); red-web-1 (server 1) to red-db-1 (server 2) on tcp/5432 under four programs compiled
# from examples/chain.json: no chain; the routed firewall appliance only (fw1 on server 2: the kernel
# forwards); the transparent IDS only (ids1 on server 1: testbed/chain/sf.py, a Python forwarder);
# both. Per program, alternating, RUNS times: TCP connect time to tcp/5432 (median and p90 of 200;
# few connections in all, so the client's ephemeral ports never run short of TIME_WAIT-free ones,
# which slowed every connect() about 3 ms in a first version that also measured connections/s) and
# one TCP stream's throughput (iperf3, 5 s) to tcp/5201 (the bench's chain and red's db rule take
# both ports); medians of the runs. Each measurement starts with
# the program loaded and both servers' connection tables flushed.
# Bounded: every command has a timeout; everything it creates is removed on exit.
#   bench/chain/run.sh [RUNS]   (default 3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/bench/lib.sh"   # gbps, rate, median, vswitchd_pids, bench_servers
RUNS=${1:-3}
P=dcb$$
P=${P:0:7}
JAR="$ROOT/cli/target/dsp-cli.jar"
WORK="$(mktemp -d /tmp/dsp-bench-chain.XXXXXX)"
cleanup() {
  for w in ids1 ids2 fw1 db1 web1; do
    for pid in $(ip netns pids $P-r-$w 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  done
  bash "$ROOT/testbed/overlay/testbed.sh" down "$P" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
command -v iperf3 >/dev/null || { echo "bench: iperf3 is needed (apt-get install iperf3)" >&2; exit 1; }
bash "$ROOT/testbed/overlay/testbed.sh" chain "$P" > /dev/null 2>&1
# the four documents
/usr/bin/python3 - "$ROOT/examples/chain.json" "$WORK" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
# iperf3 on 5201 next to the connection server on 5432: both in the class, both admitted
d["chains"][0]["ports"] = [5432, 5201]
for r in d["firewall"]["tenant"]:
    if r["name"] == "db-from-web":
        r["ports"] = [5432, 5201]
steps = d["chains"][0]["steps"]
variants = {"none": None, "fw": [steps[0], steps[2]], "ids": [steps[0], steps[1]], "both": steps}
for name, s in variants.items():
    v = json.loads(json.dumps(d))
    if s is None:
        del v["chains"]
    else:
        v["chains"][0]["steps"] = s
    json.dump(v, open("%s/%s.json" % (sys.argv[2], name), "w"))
PY
for v in none fw ids both; do
  for n in 1 2; do
    timeout 60 java -jar "$JAR" compile -f "$WORK/$v.json" --dsn of:000000000000000$n \
      --uplink of:0000000000000001=10 --uplink of:0000000000000002=10 \
      --tunnel of:0000000000000001=9@192.168.100.1 --tunnel of:0000000000000002=9@192.168.100.2 2>/dev/null > "$WORK/$v.f$n"
  done
done
load() { # a program on both servers, their connection tables emptied (every measurement starts alike)
  for n in 1 2; do
    # the program's groups (the example's load balancer) first: its '#group ' lines
    ip netns exec $P-s$n ovs-ofctl -O OpenFlow13 del-groups unix:/tmp/$P/s$n/br-dsn.mgmt
    ip netns exec $P-s$n ovs-ofctl -O OpenFlow13 del-flows unix:/tmp/$P/s$n/br-dsn.mgmt
    sed -n 's/^#group //p' "$WORK/$1.f$n" > "$WORK/$1.g$n"
    [ ! -s "$WORK/$1.g$n" ] || ip netns exec $P-s$n ovs-ofctl -O OpenFlow13 add-groups unix:/tmp/$P/s$n/br-dsn.mgmt "$WORK/$1.g$n"
    ip netns exec $P-s$n ovs-ofctl -O OpenFlow13 add-flows --bundle unix:/tmp/$P/s$n/br-dsn.mgmt "$WORK/$1.f$n"
    ip netns exec $P-s$n ovs-appctl -t /tmp/$P/s$n/ovs-vswitchd.ctl dpctl/flush-conntrack
  done
  sleep 0.5
}
for w in ids1 ids2; do
  ip netns exec $P-r-$w timeout 900 /usr/bin/python3 "$ROOT/testbed/chain/sf.py" transparent eth0 "$WORK/$w.json" 890 >/dev/null 2>&1 &
done
ip netns exec $P-r-db1 timeout 900 iperf3 -s -p 5201 >/dev/null 2>&1 &
ip netns exec $P-r-db1 timeout 900 /usr/bin/python3 "$ROOT/bench/overlay/connrate.py" serve 5432 890 >/dev/null 2>&1 &
ip netns exec $P-r-web1 sysctl -qw net.ipv4.ip_local_port_range="10000 60999"
sleep 1
load none
ip netns exec $P-r-web1 ping -c 3 -i 0.3 -W 1 10.10.2.21 >/dev/null || true
ip netns exec $P-r-fw1 ping -c 3 -i 0.3 -W 1 10.10.1.31 >/dev/null || true
pids=$(vswitchd_pids)
declare -A LAT P90 GBPS
# connection set-up first, for every program (a stream through the Python IDS leaves it a backlog to drain, which would
# load the machine's two cores during the next measurement); then the streams, each followed by a pause
for i in $(seq 1 "$RUNS"); do
  for v in none fw ids both; do
    load "$v"
    read -r l p < <(ip netns exec $P-r-web1 timeout 70 /usr/bin/python3 "$ROOT/bench/chain/latency.py" connect 10.10.2.21 5432 200)
    LAT[$v]="${LAT[$v]:-} $l"; P90[$v]="${P90[$v]:-} $p"
  done
done
for i in $(seq 1 "$RUNS"); do
  for v in none fw ids both; do
    load "$v"
    GBPS[$v]="${GBPS[$v]:-} $(ip netns exec $P-r-web1 timeout 30 iperf3 -c 10.10.2.21 -p 5201 -t 5 -J 2>/dev/null | /usr/bin/python3 -c \
      "import json,sys; print('%.3f' % (json.load(sys.stdin)['end']['sum_received']['bits_per_second'] / 1e9))" || echo 0)"
    sleep 3
  done
done
[ "$(vswitchd_pids)" = "$pids" ] || { echo "bench: an ovs-vswitchd restarted during the run: numbers void" >&2; exit 1; }
base=$(echo ${LAT[none]} | median)
for v in none fw ids both; do
  l=$(echo ${LAT[$v]} | median)
  printf '%-5s connect median %s ms (p90 %s; runs:%s), added %s ms; %s Gbit/s (runs:%s); flows %s + %s\n' "$v" \
    "$l" "$(echo ${P90[$v]} | median)" "${LAT[$v]}" "$(awk -v a="$l" -v b="$base" 'BEGIN{printf "%.3f", a-b}')" \
    "$(echo ${GBPS[$v]} | median)" "${GBPS[$v]}" \
    "$(grep -c '^table=' "$WORK/$v.f1")" "$(grep -c '^table=' "$WORK/$v.f2")"
done
echo "packets the IDS on server 1 passed: $(cat "$WORK/ids1.json" | /usr/bin/python3 -c "import json,sys; d=json.load(sys.stdin); print(sum(v for k, v in d.items() if '>' in k and ' ' not in k))")"
