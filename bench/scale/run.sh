#!/usr/bin/env bash
# Scale benchmark (issue 9): the workload measured next to OVN (../shared/bench-ovn) on one userspace
# OVS bridge driven by a standalone node started as `./dsp node` starts it (its default JVM options, unless
# NODE_JAVA_OPTS gives others; NODE_JAVA_OPTS="" runs the JVM's own defaults). For each layout (one target group / many groups) and each N:
#   cold  - a fresh node: REST PUT of the N-rule tenant until INSTALLED (every FLOW_MOD confirmed)
#   warm  - the same node after DELETE (bridge back to its 2 discovery flows): PUT again until INSTALLED
#           (cold and warm: the median of ROUNDS rounds, default 3, each on a fresh node - as the OVN harness does)
#   +1/-1 - one rule added / removed by a PUT of the whole document, until INSTALLED (median of 5 each)
#   rule +1/-1 - the same rule added / removed through the rule API (PUT/DELETE .../firewall/tenant/rules/extra),
#           until INSTALLED: rounds 1-2 untimed, the median of rounds 3-11 (a node that has just started: its JIT
#           compiler still at work), rounds 12-50 untimed, and the median of rounds 51-59 ("steady": a node that
#           has handled 100 changes, as one that has been running has)
# and prints the flows (compiled, and on the bridge), the flow operations of the one-rule change and the
# node's RSS after each phase. Bounded: every wait gives up after 300 s; everything it creates is removed.
#   bench/scale/run.sh [N ...]        (default: 1000 5000 10000 20000; LAYOUTS="one many"; BENCH_NODE_LOG=FILE keeps the
#                                     last node's log, with each version's phases; BENCH_DETAIL=FILE appends each rule
#                                     API change's "ms version ops answer_ms polls" from dspctl.py; NODE_ARGS: more options
#                                     of ./dsp node, e.g. NODE_ARGS="--warm-up-ms 0")
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SIZES=${*:-1000 5000 10000 20000}
LAYOUTS=${LAYOUTS:-one many}
ROUNDS=${ROUNDS:-3}
WORK="$(mktemp -d /tmp/dsp-bench-scale.XXXXXX)"
BR=dsp-scale; DSN=of:00000000000000e1
REST="http://127.0.0.1:18191/onos/dsp/v1"
JAR="$ROOT/cli/target/dsp-cli.jar"
NODE_PID=
stop_node() { if [ -n "$NODE_PID" ]; then kill "$NODE_PID" 2>/dev/null || true; wait "$NODE_PID" 2>/dev/null || true; NODE_PID=; fi; }
cleanup() { stop_node; if [ -n "${BENCH_NODE_LOG:-}" ] && [ -f "$WORK/node.log" ]; then cp "$WORK/node.log" "$BENCH_NODE_LOG"; fi; ovs-vsctl --timeout=10 --if-exists del-br "$BR" || true; rm -rf "$WORK"; }
trap cleanup EXIT
. "$ROOT/testbed/lib.sh"   # flow_count, node_login
. "$ROOT/bench/lib.sh"     # median
wait_for() { local end=$(( $(date +%s) + 300 )); until "$@"; do [ "$(date +%s)" -lt "$end" ] || { echo "bench: timed out: $*" >&2; tail -20 "$WORK/node.log" >&2; exit 1; }; sleep 0.02; done; }
call() {  # call METHOD PATH [FILE] -> the response body (the node's answer; exits on an HTTP error)
  /usr/bin/python3 - "$1" "$REST/$2" "${3:-}" <<'PY'
import os, sys, urllib.request
method, url, body = sys.argv[1], sys.argv[2], sys.argv[3]
req = urllib.request.Request(url, data=open(body, "rb").read() if body else None, method=method,
                             headers={"Content-Type": "application/json", "Authorization": "Bearer " + os.environ["DSP_TOKEN"]})
print(urllib.request.urlopen(req, timeout=300).read().decode())
PY
}
field() { /usr/bin/python3 -c "import json,sys; b=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }
rss_mib() { awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$NODE_PID/status"; }

start_node() {
  rm -rf "$WORK/node"
  if [ -n "${NODE_JAVA_OPTS+set}" ]; then export DSP_NODE_JAVA_OPTS="$NODE_JAVA_OPTS"; fi
  # shellcheck disable=SC2086 # NODE_ARGS: more options of ./dsp node, word-split on purpose
  "$ROOT/dsp" node --openflow 127.0.0.1:16663 --rest 127.0.0.1:18191 --data-dir "$WORK/node" ${NODE_ARGS:-} > "$WORK/node.log" 2>&1 &
  NODE_PID=$!   # ./dsp execs java: the JVM's pid
  wait_for grep -q "dsp-node ready" "$WORK/node.log"
  node_login
  ovs-vsctl --timeout=10 set-controller "$BR" tcp:127.0.0.1:16663
  wait_for connected
}
connected() { [ "$(call GET ready | field "b['switches']")" = "['$DSN']" ]; }
installed_at() { call GET tenants/scale/status | field "b['state'] == 'INSTALLED' and b['version'] == $1" | grep -q True; }
empty() { [ "$(flow_count "$BR")" = 2 ]; }
rule() {  # rule put|delete -> prints the milliseconds from the request to INSTALLED (timed by dspctl.py)
  local out
  if [ "$1" = put ]; then
    out=$(/usr/bin/python3 "$ROOT/bench/scale/dspctl.py" "$REST" "$DSN" rule-put scale tenant extra "$WORK/rule.json")
  else
    out=$(/usr/bin/python3 "$ROOT/bench/scale/dspctl.py" "$REST" "$DSN" rule-delete scale tenant extra)
  fi
  if [ -n "${BENCH_DETAIL:-}" ]; then echo "rule $1 $out" >> "$BENCH_DETAIL"; fi  # ms version ops answer_ms polls
  echo "${out%% *}"
}
put() {  # put FILE -> prints the milliseconds from the PUT to INSTALLED at the version it stored (timed by dspctl.py)
  /usr/bin/python3 "$ROOT/bench/scale/dspctl.py" "$REST" "$DSN" put scale "$1" | cut -d' ' -f1
}

ovs-vsctl --timeout=10 --if-exists del-br "$BR"
ovs-vsctl --timeout=10 add-br "$BR" -- set bridge "$BR" datapath_type=netdev fail-mode=secure protocols=OpenFlow13 \
  other-config:datapath-id=${DSN#of:}
echo "bench: node JVM options: ${NODE_JAVA_OPTS-(those of ./dsp node)}; $(nproc) CPUs; $(date -u +%FT%TZ)"
printf '%-5s %6s %8s %8s %9s %9s %8s %8s %6s %9s %9s %10s %10s %9s %9s %9s\n' layout N flows bridge cold_ms warm_ms add_ms del_ms ops \
  rule_add rule_del rule_add_s rule_del_s rss_cold rss_warm rss_end
for layout in $LAYOUTS; do
  for n in $SIZES; do
    /usr/bin/python3 "$ROOT/bench/scale/gen-doc.py" "$n" "$layout" > "$WORK/doc.json"
    /usr/bin/python3 "$ROOT/bench/scale/gen-doc.py" "$n" "$layout" --extra > "$WORK/extra.json"
    /usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['firewall']['tenant'][-1]; del r['name']; print(json.dumps(r))" \
      "$WORK/extra.json" > "$WORK/rule.json"
    colds=""; warms=""
    for round in $(seq "$ROUNDS"); do   # a fresh node each round; the last one goes on to the one-rule changes
      if [ "$round" -gt 1 ]; then call DELETE tenants/scale >/dev/null; wait_for empty; stop_node; fi
      start_node
      colds="$colds $(put "$WORK/doc.json")"; rss_cold=$(rss_mib)
      flows=$(call GET tenants/scale/status | field "b['dsns']['$DSN']['dsnFlows']"); bridge=$(flow_count "$BR")
      [ "$bridge" = $(( flows + 2 )) ] || { echo "bench: the bridge holds $bridge flows, the node compiled $flows (+2 discovery)" >&2; exit 1; }
      call DELETE tenants/scale >/dev/null; wait_for empty
      warms="$warms $(put "$WORK/doc.json")"; rss_warm=$(rss_mib)
    done
    cold=$(echo "$colds" | median); warm=$(echo "$warms" | median)
    if [ "$ROUNDS" -gt 1 ]; then echo "bench: N=$n $layout: cold$colds ms, warm$warms ms (medians $cold, $warm)" >&2; fi
    adds=""; dels=""; ops=""
    for _ in 1 2 3 4 5; do
      adds="$adds $(put "$WORK/extra.json")"
      ops=$(call GET tenants/scale/status | field "b['dsns']['$DSN']['flowOps']")
      dels="$dels $(put "$WORK/doc.json")"
    done
    radds=""; rdels=""; wadds=""; wdels=""; rops=""
    for i in $(seq 59); do
      a=$(rule put); rops=$(call GET tenants/scale/status | field "b['dsns']['$DSN']['flowOps']"); r=$(rule delete)
      if [ "$i" -ge 3 ] && [ "$i" -le 11 ]; then radds="$radds $a"; rdels="$rdels $r"; fi
      if [ "$i" -ge 51 ]; then wadds="$wadds $a"; wdels="$wdels $r"; fi
    done
    [ "$rops" = "$ops" ] || { echo "bench: a rule added through the rule API took $rops flow operations, through the document $ops" >&2; exit 1; }
    [ "$(flow_count "$BR")" = "$bridge" ] || { echo "bench: after the changes the bridge holds $(flow_count "$BR") flows, not $bridge" >&2; exit 1; }
    printf '%-5s %6s %8s %8s %9s %9s %8s %8s %6s %9s %9s %10s %10s %9s %9s %9s\n' "$layout" "$n" "$flows" "$bridge" "$cold" \
      "$warm" "$(echo "$adds" | median)" "$(echo "$dels" | median)" "$ops" "$(echo "$radds" | median)" "$(echo "$rdels" | median)" \
      "$(echo "$wadds" | median)" "$(echo "$wdels" | median)" "$rss_cold" "$rss_warm" "$(rss_mib)"
    call DELETE tenants/scale >/dev/null; wait_for empty
    stop_node
  done
done
