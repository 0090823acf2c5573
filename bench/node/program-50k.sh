#!/usr/bin/env bash
# Node programming benchmark (issue 3): one userspace OVS bridge connected to a standalone node;
# a tenant compiling to ~50,000 flows on that DSN is PUT through REST; the clock stops when the
# node reports it INSTALLED (every FLOW_MOD confirmed by a barrier). Reports flows/s and the node's
# memory. Bounded: every wait gives up after 180 s; everything it creates is removed on exit.
#   bench/node/program-50k.sh [ENDPOINTS RULES]   (default 3600 3600, about 50,000 flows)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N=${1:-3600}; R=${2:-3600}
WORK="$(mktemp -d /tmp/dsp-bench-node.XXXXXX)"
BR=dsp-bench
REST="http://127.0.0.1:18181/onos/dsp/v1"
NODE_PID=
cleanup() {
  [ -n "$NODE_PID" ] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null || true
  ovs-vsctl --timeout=10 --if-exists del-br "$BR" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
. "$ROOT/testbed/lib.sh"   # flow_count (its wait_for is replaced below: the clock needs a 50 ms poll)
get() { /usr/bin/python3 -c "import json,os,sys,urllib.request; b=json.load(urllib.request.urlopen(urllib.request.Request(sys.argv[1],headers={'Authorization':'Bearer '+os.environ['DSP_TOKEN']}),timeout=10)); print(eval(sys.argv[2]))" "$REST/$1" "$2" 2>/dev/null || true; }
wait_for() { local end=$(( $(date +%s) + 180 )); until "$@"; do [ "$(date +%s)" -lt "$end" ] || { echo "bench: timed out" >&2; tail -20 "$WORK/node.log" >&2; exit 1; }; sleep 0.05; done; }

/usr/bin/python3 "$ROOT/bench/node/gen-tenant.py" "$N" "$R" > "$WORK/tenant.json"
ovs-vsctl --timeout=10 --if-exists del-br "$BR"
ovs-vsctl --timeout=10 add-br "$BR" -- set bridge "$BR" datapath_type=netdev fail-mode=secure protocols=OpenFlow13 \
  other-config:datapath-id=0000000000000001
java -Xmx4g -jar "$ROOT/standalone/launcher/target/dsp-node-launcher.jar" --openflow 127.0.0.1:16653 --rest 127.0.0.1:18181 \
  --data-dir "$WORK/node" > "$WORK/node.log" 2>&1 &
NODE_PID=$!
wait_for grep -q "dsp-node ready" "$WORK/node.log"
JAR="$ROOT/cli/target/dsp-cli.jar"
node_login
ovs-vsctl --timeout=10 set-controller "$BR" tcp:127.0.0.1:16653
connected() { [ "$(get ready "b['switches']")" = "['of:0000000000000001']" ]; }
wait_for connected

put() {
  /usr/bin/python3 - "$REST/tenants/bench" "$WORK/tenant.json" <<'PY'
import os, sys, urllib.request
req = urllib.request.Request(sys.argv[1], data=open(sys.argv[2], "rb").read(), method="PUT",
                             headers={"Content-Type": "application/json", "Authorization": "Bearer " + os.environ["DSP_TOKEN"]})
urllib.request.urlopen(req, timeout=120).read()
PY
}
installed() { [ "$(get tenants/bench/status "b['state']")" = INSTALLED ]; }
# the node keeps two infrastructure flows on every DSN (the LLDP and BDDP punts of topology discovery)
empty() { [ "$(flow_count "$BR")" = 2 ]; }
for run in cold warm; do
  t0=$(date +%s%N)
  put
  wait_for installed
  t1=$(date +%s%N)
  ms=$(( (t1 - t0) / 1000000 ))
  flows=$(get dsns "b['dsns'][0]['flows']")
  onswitch=$(flow_count "$BR")
  rss=$(ps -o rss= -p "$NODE_PID" | tr -d ' ')
  inner=$(get tenants/bench/status "b['dsns']['of:0000000000000001']['millis']")
  echo "bench ($run node): $N endpoints, $R rules -> $flows flows on one DSN (switch holds $onswitch: those + the 2 discovery punts)"
  echo "bench ($run node): REST PUT to INSTALLED (one atomic bundle, confirmed): $ms ms = $(( flows * 1000 / (ms > 0 ? ms : 1) )) flows/s"
  echo "bench ($run node): of which compile + encode + OVS commit (the node's own realization time): $inner ms"
  echo "bench ($run node): node log: $(grep 'read and compiled in' "$WORK/node.log" | tail -1 | sed 's/.* - //')"
  echo "bench ($run node): node log: $(grep 'flow mods, encoded in' "$WORK/node.log" | tail -1 | sed 's/.* - //')"
  echo "bench ($run node): node resident memory after programming: $(( rss / 1024 )) MiB"
  [ "$((flows + 2))" = "$onswitch" ] || { echo "bench: the switch does not hold the program" >&2; exit 1; }
  if [ "$run" = cold ]; then
    /usr/bin/python3 -c "import os, urllib.request; urllib.request.urlopen(urllib.request.Request('$REST/tenants/bench', method='DELETE', headers={'Authorization': 'Bearer ' + os.environ['DSP_TOKEN']}), timeout=60)"
    wait_for empty
  fi
done
