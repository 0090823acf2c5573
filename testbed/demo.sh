#!/usr/bin/env bash
# The DSP demo: two DSN bridges (userspace Open vSwitch) joined by an uplink, the workloads of
# examples/*.json as network namespaces, the compiled programs loaded with ovs-ofctl, then real
# TCP and ICMP between every pair of workloads, checked against what the documents say.
#   ./dsp demo          run, report, tear down
#   ./dsp demo --keep   leave the testbed up to explore (./dsp clean-testbed removes it)
#   ./dsp demo --check  quiet: exit non-zero on any mismatch (used by ./dsp test)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/cli/target/dsp-cli.jar"
KEEP=0; CHECK=0
for a in "$@"; do
  case "$a" in
    --keep) KEEP=1 ;;
    --check) CHECK=1 ;;
    *) echo "usage: ./dsp demo [--keep] [--check]" >&2; exit 2 ;;
  esac
done
DOCS=("$ROOT/examples/three-tier.json" "$ROOT/examples/globex.json")
SERVICES=(tcp/80 tcp/8080 tcp/5432 tcp/22 icmp)
UPLINK=10
WORK="$(mktemp -d /tmp/dsp-demo.XXXXXX)"

say() { [ "$CHECK" = 1 ] || printf '%s\n' "$*"; }
cleanup() {
  if [ "$KEEP" = 1 ]; then return; fi
  "$ROOT/testbed/cleanup.sh"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$ROOT/testbed/cleanup.sh"   # leftovers of an earlier, killed run
start=$(date +%s.%N)

# --- the DSNs: two bridges, uplinks joined by a patch pair (the fabric) ---
for i in 1 2; do
  br="dsp-dsn$i"
  ovs-vsctl --timeout=10 add-br "$br" -- set bridge "$br" datapath_type=netdev fail-mode=secure \
    protocols=OpenFlow13 other-config:datapath-id=000000000000000$i
done
ovs-vsctl --timeout=10 \
  -- add-port dsp-dsn1 dsp-up1 -- set interface dsp-up1 type=patch options:peer=dsp-up2 ofport_request=$UPLINK \
  -- add-port dsp-dsn2 dsp-up2 -- set interface dsp-up2 type=patch options:peer=dsp-up1 ofport_request=$UPLINK

# --- the workloads: one namespace each, attached where its document says ---
/usr/bin/python3 - "${DOCS[@]}" > "$WORK/endpoints.tsv" <<'PY'
import json, sys
for f in sys.argv[1:]:
    d = json.load(open(f))
    for e in d["endpoints"]:
        v4 = [a for a in e["addresses"] if ":" not in a][0]
        print("\t".join([d["tenant"]["id"], e["name"], e["mac"], v4, e["attachment"]["dsn"], str(e["attachment"]["port"])]))
PY
declare -A NS IP
n=0
while IFS=$'\t' read -r tenant name mac ip dsn port; do
  n=$((n+1))
  ns="dsp-$name"; host="dsp-h$n"
  br="dsp-dsn$((16#${dsn##*:}))"
  ip netns add "$ns"
  ip link add "$host" type veth peer name eth0 netns "$ns"
  ip -n "$ns" link set eth0 address "$mac"
  ip -n "$ns" addr add "$ip/8" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
  ip netns exec "$ns" ethtool -K eth0 tx off >/dev/null 2>&1 || true
  ip link set "$host" up
  ovs-vsctl --timeout=10 add-port "$br" "$host" -- set interface "$host" ofport_request="$port"
  NS[$name]="$ns"; IP[$name]="$ip"
done < "$WORK/endpoints.tsv"

# --- compile and load: exactly the text `dsp compile` prints ---
args=(); for d in "${DOCS[@]}"; do args+=(-f "$d"); done
t0=$(date +%s%N)
for i in 1 2; do
  dsn="of:000000000000000$i"
  java -jar "$JAR" compile "${args[@]}" --dsn "$dsn" --uplink "$dsn=$UPLINK" > "$WORK/dsn$i.flows"
  ovs-ofctl -O OpenFlow13 add-flows --bundle "dsp-dsn$i" "$WORK/dsn$i.flows"
done
t1=$(date +%s%N)
realize_ms=$(( (t1 - t0) / 1000000 ))

# --- listeners: every workload serves every TCP port of the matrix (bounded lifetime) ---
for name in "${!NS[@]}"; do
  for s in "${SERVICES[@]}"; do
    [ "${s%%/*}" = tcp ] || continue
    ip netns exec "${NS[$name]}" timeout 300 nc -lk -p "${s#*/}" >/dev/null 2>&1 &
  done
done
sleep 0.5

# --- expected matrix from the documents, observed matrix from real packets ---
: > "$WORK/expected.tsv"
for d in "${DOCS[@]}"; do
  sargs=(); for s in "${SERVICES[@]}"; do sargs+=(-s "$s"); done
  java -jar "$JAR" expect -f "$d" "${sargs[@]}" >> "$WORK/expected.tsv"
done
probe() { # ns dst service -> 0 if it got through
  local ns=$1 dst=$2 s=$3
  if [ "$s" = icmp ]; then
    ip netns exec "$ns" ping -c 1 -W 1 "$dst" >/dev/null 2>&1
  else
    ip netns exec "$ns" timeout 3 nc -z -w 1 "$dst" "${s#*/}" >/dev/null 2>&1
  fi
}
# probes run 12 at a time; each is bounded (nc -w 1, ping -W 1, timeout 3)
# (wait only for the probes: the listeners are children of this shell too)
i=0; pids=()
while IFS=$'\t' read -r tenant src dst s verdict egress ingress; do
  i=$((i+1))
  ( if probe "${NS[$src]}" "${IP[$dst]}" "$s"; then echo allow; else echo blocked; fi > "$WORK/probe.$i" ) &
  pids+=($!)
  if (( i % 12 == 0 )); then wait "${pids[@]}"; pids=(); fi
done < "$WORK/expected.tsv"
[ ${#pids[@]} = 0 ] || wait "${pids[@]}"
checks=0; mismatches=0
while IFS=$'\t' read -r tenant src dst s verdict egress ingress; do
  checks=$((checks+1))
  got=$(cat "$WORK/probe.$checks")
  want=$([ "$verdict" = allow ] && echo allow || echo blocked)
  mark=ok; [ "$got" = "$want" ] || { mark=MISMATCH; mismatches=$((mismatches+1)); }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tenant" "$src" "$dst" "$s" "$want" "$got" "$mark" "$egress / $ingress" >> "$WORK/observed.tsv"
done < "$WORK/expected.tsv"
end=$(date +%s.%N)

if [ "$CHECK" = 1 ]; then
  grep MISMATCH "$WORK/observed.tsv" || true
  for i in 1 2; do
    echo "testbed: dsp-dsn$i holds $(ovs-ofctl -O OpenFlow13 dump-aggregate dsp-dsn$i | grep -o 'flow_count=[0-9]*')"
  done
  echo "testbed: $((checks - mismatches)) passed, $mismatches failed"
  [ "$mismatches" = 0 ]; exit
fi

echo
echo "== DSP demo: two DSNs, $n workloads in 2 tenants, real TCP and ICMP =="
echo
echo "Which DSN enforces what:"
for i in 1 2; do
  flows=$(grep -c '^table=' "$WORK/dsn$i.flows")
  owners=$(grep '^# owner' "$WORK/dsn$i.flows" | tr ',' '\n' | sed 's/^# owner //; s/^ //' | grep '/rule/' | sort -u | sed 's#^\([^/]*\)/rule/#\1:#' | tr '\n' ' ')
  hosts=$(awk -F'\t' -v d="of:000000000000000$i" '$5==d {print $2}' "$WORK/endpoints.tsv" | tr '\n' ' ')
  printf '  of:000000000000000%s  %4s flows  workloads: %s\n      rules: %s\n' "$i" "$flows" "$hosts" "$owners"
done
echo
echo "Observed vs. policy (allow = connection opened / ping answered):"
printf '  %-7s %-9s %-9s %-9s %-7s %-8s %s\n' tenant from to service policy observed "decided by (egress / ingress)"
while IFS=$'\t' read -r tenant src dst s want got mark why; do
  flag=""; [ "$mark" = ok ] || flag="  <-- MISMATCH"
  printf '  %-7s %-9s %-9s %-9s %-7s %-8s %s%s\n' "$tenant" "$src" "$dst" "$s" "$want" "$got" "$why" "$flag"
done < "$WORK/observed.tsv"
echo
printf 'Realization: compile + load of both DSNs took %s ms; %d checks in %.1f s: %d as the policy says, %d mismatches.\n' \
  "$realize_ms" "$checks" "$(awk -v a="$start" -v b="$end" 'BEGIN{print b-a}')" "$((checks - mismatches))" "$mismatches"
if [ "$KEEP" = 1 ]; then
  cat <<EOT

The testbed is up (--keep). Try:
  ovs-ofctl -O OpenFlow13 dump-flows dsp-dsn2
  ip netns exec dsp-app-1 nc -z -w 1 10.0.0.41 5432 && echo open
  ovs-appctl ofproto/trace dsp-dsn2 'in_port=1,tcp,dl_src=02:00:00:00:03:01,dl_dst=02:00:00:00:04:01,nw_src=10.0.0.31,nw_dst=10.0.0.41,tp_dst=5432' --ct-next trk,new
  ovs-appctl dpctl/dump-conntrack          # entries carry each tenant's zone
  ./dsp clean-testbed                      # remove it all
EOT
fi
[ "$mismatches" = 0 ]
