#!/usr/bin/env bash
# The encryption benchmark (issue 17, item 4), results in docs/benchmarks.md: throughput (iperf3,
# one TCP stream, 5 s) and new TCP connections/s between two servers (each a namespace with its own
# userspace Open vSwitch and tools/dsp-encrypt-agent, an underlay veth between them), for tenant red
# (overlay, "encryption": "required": VXLAN inside WireGuard) and tenant blue (the same overlay in
# clear), alternating, RUNS times each, medians. The node (./dsp node with --ovsdb) distributes the
# keys as in production. Bounded: every command has a timeout; everything it creates is removed on exit.
#   bench/encryption/run.sh [RUNS]   (default 3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
. "$ROOT/bench/lib.sh"   # gbps, rate, median, vswitchd_pids, bench_servers
RUNS=${1:-3}
P=deb$$
P=${P:0:7}
WORK="$(mktemp -d /tmp/dsp-bench-encryption.XXXXXX)"
NODE_PID=""
cleanup() {
  jobs -p | xargs -r kill 2>/dev/null || true  # the bounded servers it started (iperf3, connrate.py)
  bash "$ROOT/testbed/overlay/testbed.sh" down "$P" || true
  [ -n "$NODE_PID" ] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
command -v iperf3 >/dev/null || { echo "bench: iperf3 is needed (apt-get install iperf3)" >&2; exit 1; }
command -v wireguard-go >/dev/null || { echo "bench: wireguard-go and wg are needed (apt-get install wireguard-go wireguard-tools)" >&2; exit 1; }
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
OF=$(free_port); OVSDB=$(free_port); REST=$(free_port)
timeout 900 java -jar "$ROOT/standalone/launcher/target/dsp-node-launcher.jar" --data-dir "$WORK/node" --openflow 0.0.0.0:$OF \
  --ovsdb 0.0.0.0:$OVSDB --rest 127.0.0.1:$REST --uplink of:0000000000000001=10 --uplink of:0000000000000002=10 \
  --ipfix off > "$WORK/node.log" 2>&1 &
NODE_PID=$!
for i in $(seq 100); do [ -s "$WORK/node/bootstrap-admin.secret" ] && curl -s -o /dev/null "http://127.0.0.1:$REST/" && break; sleep 0.2; done
TOKEN=$(curl -s -m 30 -u "admin:$(cat "$WORK/node/bootstrap-admin.secret")" -X POST "http://127.0.0.1:$REST/onos/dsp/v1/auth/login" \
  | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
api() { curl -s -m 30 -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -X "$1" \
  "http://127.0.0.1:$REST/onos/dsp/v1/$2" ${3:+--data-binary "$3"}; }
bash "$ROOT/testbed/overlay/testbed.sh" managed-encrypt "$P" "$OF" "$OVSDB" > /dev/null 2>&1
red=$(/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["encryption"]="required"; print(json.dumps(d))' \
  "$ROOT/examples/overlay.json")
api PUT tenants/red "$red" > /dev/null
api PUT tenants/blue "$(cat "$ROOT/examples/overlay-blue.json")" > /dev/null
ready() { api GET encryption | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin)["dsns"]; sys.exit(0 if len(d)==2 and all(x["state"]=="READY" for x in d) else 1)'; }
installed() { api GET "tenants/$1/status" | /usr/bin/python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["state"]=="INSTALLED" else 1)'; }
up=0
for i in $(seq 300); do ready && installed red && installed blue && { up=1; break; }; sleep 0.2; done
[ $up = 1 ] || { echo "bench: keys or tenants not in place after 60 s; agents:" >&2;
  for n in 1 2; do tail -n 5 /tmp/$P/s$n/enc/agent.log >&2; done; api GET encryption >&2; exit 1; }
for i in $(seq 100); do ip netns exec $P-s1 ovs-ofctl -O OpenFlow13 dump-flows unix:/tmp/$P/s1/br-dsn.mgmt | grep -q '10\.254\.[0-9.]*->tun_dst' && break; sleep 0.2; done
pids=$(vswitchd_pids)
for t in r b; do ip netns exec $P-$t-web1 ping -c 3 -i 0.3 -W 2 10.10.1.12 >/dev/null || true; done
for t in r b; do bench_servers $P-$t-web2 "$RUNS"; done
sleep 1
ET=""; PT=""; EC=""; PC=""
for i in $(seq 1 "$RUNS"); do
  ET="$ET $(gbps $P-r-web1 10.10.1.12)"; PT="$PT $(gbps $P-b-web1 10.10.1.12)"
  EC="$EC $(rate $P-r-web1 10.10.1.12 $((7000 + i)))"; PC="$PC $(rate $P-b-web1 10.10.1.12 $((7000 + i)))"
done
[ "$(vswitchd_pids)" = "$pids" ] || { echo "bench: an ovs-vswitchd restarted during the run: numbers void" >&2; exit 1; }
et=$(echo $ET | median); pt=$(echo $PT | median); ec=$(echo $EC | median); pc=$(echo $PC | median)
echo "throughput Gbit/s, one TCP stream: encrypted $et (runs:$ET), in clear $pt (runs:$PT), ratio $(awk -v a=$et -v b=$pt 'BEGIN{printf "%.2f", a/b}')"
echo "new TCP connections/s: encrypted $ec (runs:$EC), in clear $pc (runs:$PC), ratio $(awk -v a=$ec -v b=$pc 'BEGIN{printf "%.2f", a/b}')"
