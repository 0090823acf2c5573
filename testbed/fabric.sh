#!/usr/bin/env bash
# DSP on a Mininet leaf-spine fabric: every server is a namespace running its own Open vSwitch
# (the NIC DSN, userspace datapath) that reaches the DSP node over an out-of-band management
# veth; the leaves and spines are Mininet OVS switches doing plain L2. The node programs every
# DSN after the tenant document (written by the topology) is applied over REST; then real ICMP
# TCP and UDP between every pair of workloads is checked against `dsp expect`.
#   ./dsp fabric [--check] [--spines N] [--leaves N] [--servers-per-leaf N] [--workloads N]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/cli/target/dsp-cli.jar"
NODE_JAR="$ROOT/standalone/launcher/target/dsp-node-launcher.jar"
TOPO="$ROOT/mininet-topos/dsp_fabric.py"
PID_DIR=/tmp/dsp-fabric-run
OF_PORT=6654
REST_PORT=8182
REST="http://127.0.0.1:$REST_PORT/onos/dsp/v1"
SERVICES=(tcp/8080 tcp/22 tcp/23 udp/5353 udp/9999 icmp)
CHECK=0; SPINES=1; LEAVES=2; SPL=2; WL=2
while [ $# -gt 0 ]; do
  case "$1" in
    --check) CHECK=1 ;;
    --spines) SPINES=$2; shift ;;
    --leaves) LEAVES=$2; shift ;;
    --servers-per-leaf) SPL=$2; shift ;;
    --workloads) WL=$2; shift ;;
    *) echo "usage: ./dsp fabric [--check] [--spines N] [--leaves N] [--servers-per-leaf N] [--workloads N]" >&2; exit 2 ;;
  esac
  shift
done
WORK=""   # made after the leftovers of an earlier run are removed
LISTENERS=()
say() { [ "$CHECK" = 1 ] || printf '%s\n' "$*"; }
cleanup() {
  [ ${#LISTENERS[@]} = 0 ] || kill "${LISTENERS[@]}" 2>/dev/null || true   # timeout passes it on to nc
  "$ROOT/testbed/cleanup.sh"
  [ -z "$WORK" ] || rm -rf "$WORK"
}
TB=fabric
. "$ROOT/testbed/lib.sh"   # wait_for, run_probes
trap cleanup EXIT
trap 'exit 130' INT TERM
"$ROOT/testbed/cleanup.sh"   # leftovers of an earlier, killed run
WORK="$(mktemp -d /tmp/dsp-fabric-work.XXXXXX)"
mkdir -p "$PID_DIR"

# --- the node: OpenFlow on every address (the DSNs reach it over their management veths) ---
servers=$((LEAVES * SPL))
DSNS=(); for n in $(seq 1 "$servers"); do DSNS+=("$(printf 'of:%016x' $((0x100 + n)))"); done
FABRIC_IDS=$(/usr/bin/python3 "$TOPO" fabric-ids --spines "$SPINES" --leaves "$LEAVES")
java -jar "$NODE_JAR" --openflow "0.0.0.0:$OF_PORT" --rest "127.0.0.1:$REST_PORT" --data-dir "$WORK/node" \
  --fabric "$FABRIC_IDS" --probe-ms 1000 > "$WORK/node.log" 2>&1 &
echo $! > "$PID_DIR/node.pid"
wait_for "the node to start" 60 grep -q "dsp-node ready" "$WORK/node.log"
node_login   # the REST API needs credentials: the bootstrap admin's token, for the CLI and the helpers

# --- the fabric (Mininet); it stays up until SIGTERM, bounded to an hour by itself ---
t0=$(date +%s)
/usr/bin/python3 "$TOPO" up --spines "$SPINES" --leaves "$LEAVES" --servers-per-leaf "$SPL" --workloads "$WL" \
  --controller "$OF_PORT" --doc "$WORK/tenant.json" > "$WORK/topo.out" 2> "$WORK/topo.err" &
echo $! > "$PID_DIR/topo.pid"
wait_for "the Mininet fabric" 120 topo_up
switches=$((servers + SPINES + LEAVES))
connected() { [ "$(rest_get ready switches | tr -cd ':' | wc -c)" = "$switches" ]; }
wait_for "all $servers DSNs and $((SPINES + LEAVES)) fabric switches to connect" 60 connected
wait_for "every DSN's uplink to be discovered" 30 uplinks_found "${DSNS[@]}"
t1=$(date +%s)
topology=$(topology_summary)

java -jar "$JAR" apply -f "$WORK/tenant.json" --node "$REST" > /dev/null
installed() { [ "$(rest_get tenants/fabric/status state)" = INSTALLED ]; }
wait_for "tenant fabric to be INSTALLED" 60 installed
java -jar "$JAR" status fabric --node "$REST" > "$WORK/status.txt"

# --- each DSN holds exactly what the node compiled for it ---
java -jar "$JAR" dsns --node "$REST" --json > "$WORK/dsns.json"
checks=0; mismatches=0; FLOWS=""
# every fabric switch holds exactly its four infrastructure flows: LLDP and BDDP to the node, ARP copied to it, NORMAL for the rest
for sw in $(ovs-vsctl --timeout=10 list-br | grep -E '^dsp[sl][0-9]+$'); do
  dump=$(ovs-ofctl --timeout=10 -O OpenFlow13 dump-flows "$sw" || true)
  have=$(grep -c 'cookie=' <<< "$dump" || true)
  normal=$(grep -c 'priority=0 actions=NORMAL' <<< "$dump" || true)
  checks=$((checks+1))
  if [ "$have" = 4 ] && [ "$normal" = 1 ]; then FLOWS+="  $sw (fabric): LLDP + BDDP punts, ARP copy, NORMAL"$'\n'
  else FLOWS+="  $sw (fabric): holds $have flows ($normal NORMAL), want the 4 infrastructure flows  MISMATCH"$'\n'; mismatches=$((mismatches+1)); fi
done
for n in $(seq 1 "$servers"); do
  dsn=$(printf 'of:%016x' $((0x100 + n)))
  want=$(/usr/bin/python3 -c "import json,sys; print([d['flows'] for d in json.load(open(sys.argv[1]))['dsns'] if d['dsn']==sys.argv[2]][0])" "$WORK/dsns.json" "$dsn")
  have=$(flow_count "unix:/tmp/dsp-fabric/dspsrv$n/br-dsn.mgmt")
  checks=$((checks+1))
  if [ "$want" = "$((have - 2))" ]; then FLOWS+="  dspsrv$n $dsn: $have flows, as compiled + the LLDP and BDDP punts"$'\n'
  else FLOWS+="  dspsrv$n $dsn: holds $have flows, the node compiled $want (+2 discovery punts)  MISMATCH"$'\n'; mismatches=$((mismatches+1)); fi
done

# --- workloads: Mininet hosts, entered by pid ---
declare -A PID IP IP6 SRV
while IFS=$'\t' read -r name pid ip ip6 srv; do PID[$name]=$pid; IP[$name]=$ip; IP6[$name]=$ip6; SRV[$name]=$srv; done < <(/usr/bin/python3 -c "
import json, sys
for n, w in sorted(json.load(open(sys.argv[1]))['workloads'].items()):
    print('%s\t%s\t%s\t%s\t%s' % (n, w['pid'], w['ip'], w['ip6'], w['server']))" "$WORK/topo.out")
if [ "${#PID[@]}" != $((servers * WL)) ]; then echo "fabric: the topology reported ${#PID[@]} workloads, want $((servers * WL))" >&2; exit 1; fi
in_wl() { local pid=$1; shift; nsenter -t "$pid" -n "$@"; }
# TCP: nc listeners; UDP: an echo server, so a probe proves the datagram arrived and the reply
# came back through conntrack (bounded lifetimes; nsenter execs timeout, which passes on a kill)
for name in "${!PID[@]}"; do
  for s in "${SERVICES[@]}"; do
    case "${s%%/*}" in
      tcp) nsenter -t "${PID[$name]}" -n timeout 300 nc -lk -p "${s#*/}" >/dev/null 2>&1 & ;;
      udp) nsenter -t "${PID[$name]}" -n timeout 300 /usr/bin/python3 -c "$UDP_ECHO" "${s#*/}" >/dev/null 2>&1 & ;;
      *) continue ;;
    esac
    LISTENERS+=($!)
  done
done
listening() { # every workload has every listener up
  local name s
  for name in "${!PID[@]}"; do
    for s in "${SERVICES[@]}"; do
      case "${s%%/*}" in tcp) opt=-Hltn ;; udp) opt=-Hlun ;; *) continue ;; esac
      [ -n "$(in_wl "${PID[$name]}" ss $opt "( sport = :${s#*/} )")" ] || return 1
    done
  done
}
wait_for "the listeners" 20 listening
sargs=(); for s in "${SERVICES[@]}"; do sargs+=(-s "$s"); done
java -jar "$JAR" expect -f "$WORK/tenant.json" "${sargs[@]}" > "$WORK/expected.tsv"
want_rows=$(( servers * WL * (servers * WL - 1) * ${#SERVICES[@]} ))   # every ordered pair, every service
if [ "$(wc -l < "$WORK/expected.tsv")" != "$want_rows" ]; then
  echo "fabric: dsp expect gave $(wc -l < "$WORK/expected.tsv") rows, want $want_rows" >&2; exit 1
fi
probe() { # src dst service -> 0 if it got through
  case "$3" in
    icmp) in_wl "${PID[$1]}" ping -c 1 -W 1 "${IP[$2]}" >/dev/null 2>&1 ;;
    udp/*) in_wl "${PID[$1]}" timeout 3 /usr/bin/python3 -c "$UDP_PROBE" "${IP[$2]}" "${3#*/}" >/dev/null 2>&1 ;;
    *) in_wl "${PID[$1]}" timeout 3 nc -z -w 1 "${IP[$2]}" "${3#*/}" >/dev/null 2>&1 ;;
  esac
}
run_probes "$WORK/expected.tsv"
i=0
while IFS=$'\t' read -r tenant src dst s verdict egress ingress; do
  i=$((i+1)); checks=$((checks+1))
  got=$(cat "$WORK/probe.$i")
  want=$([ "$verdict" = allow ] && echo allow || echo blocked)
  mark=ok; [ "$got" = "$want" ] || { mark=MISMATCH; mismatches=$((mismatches+1)); }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$src" "$dst" "$s" "$want" "$got" "$mark" "$egress / $ingress" >> "$WORK/observed.tsv"
done < "$WORK/expected.tsv"
allowed=$(grep -c $'\tallow\tallow\t' "$WORK/observed.tsv" || true)

# reject is answered by the node: web -> app tcp/23 (rule no-telnet) from the first server to an
# app workload on the last one is refused at once (a TCP RST), over IPv4 and over IPv6
REJECTS=""
if [ "$WL" -ge 2 ] && [ "$servers" -ge 2 ]; then
  rsrc=dspw1; rdst="dspw$(( (servers - 1) * WL + 2 ))"
  for fam in 4 6; do
    addr=${IP[$rdst]}; [ "$fam" = 6 ] && addr=${IP6[$rdst]}
    r0=$(date +%s%N)
    out=$(in_wl "${PID[$rsrc]}" timeout 5 nc -$fam -v -z -w 3 "$addr" 23 2>&1 || true)
    ms=$(( ($(date +%s%N) - r0) / 1000000 ))
    checks=$((checks+1))
    if [[ "$out" == *refused* ]] && [ "$ms" -lt 2500 ]; then
      REJECTS+="  reject $rsrc -> $rdst tcp/23 over IPv$fam ($addr): refused by a TCP RST after $ms ms"$'\n'
    else
      REJECTS+="  reject $rsrc -> $rdst tcp/23 over IPv$fam ($addr): not refused within 2.5 s (${out##*: })  MISMATCH"$'\n'
      mismatches=$((mismatches+1))
    fi
  done
fi

# load balancing: every app workload behind the VIP app-vip (tcp/80 -> 9090, IPv4 and IPv6); each
# web workload's own DSN picks an app backend, on its server or across the fabric, and translates
LB=""
if [ "$WL" -ge 2 ] && [ "$servers" -ge 2 ]; then
  apps=(); webs=()
  for name in "${!PID[@]}"; do
    w=$(( (${name#dspw} - 1) % WL + 1 ))   # the workload's index on its server: odd web, even app
    if [ $(( w % 2 )) -eq 0 ]; then apps+=("$name"); else webs+=("$name"); fi
  done
  for name in "${apps[@]}"; do
    nsenter -t "${PID[$name]}" -n timeout 200 /usr/bin/python3 "$ROOT/testbed/lb/server.py" "$name" 9090 180 >/dev/null 2>&1 &
    LISTENERS+=($!)
  done
  names_up() { local a; for a in "${apps[@]}"; do [ -n "$(in_wl "${PID[$a]}" ss -Hltn "( sport = :9090 )")" ] || return 1; done; }
  wait_for "the app workloads' name servers" 20 names_up
  declare -A GOT=()
  per=$(( 160 / ${#webs[@]} )); total=0; answered=0; l0=$(date +%s%N)
  for name in "${webs[@]}"; do
    while read -r got; do
      total=$((total+1)); GOT[$got]=$(( ${GOT[$got]:-0} + 1 ))
      [[ " ${apps[*]} " == *" $got "* ]] && answered=$((answered+1))
    done < <(in_wl "${PID[$name]}" timeout 120 /usr/bin/python3 "$ROOT/testbed/lb/client.py" tcp 10.7.200.1 80 "$per" 2 || true)
  done
  lms=$(( ($(date +%s%N) - l0) / 1000000 ))
  spread=""; for a in "${apps[@]}"; do spread+="$a=${GOT[$a]:-0} "; done
  checks=$((checks+1))
  if [ "$answered" = "$total" ] && [ "$total" = $(( per * ${#webs[@]} )) ]; then
    LB+="  app-vip 10.7.200.1:80: $total connections from ${#webs[@]} web workloads all answered by app backends in $lms ms: $spread"$'\n'
  else
    LB+="  app-vip 10.7.200.1:80: $answered of $total connections answered by a backend (${GOT[*]})  MISMATCH"$'\n'; mismatches=$((mismatches+1))
  fi
  for a in "${apps[@]}"; do   # an equal share each, within 10 points
    checks=$((checks+1))
    share=$(( 100 * ${GOT[$a]:-0} / (total > 0 ? total : 1) )); even=$(( 100 / ${#apps[@]} ))
    if [ $(( share - even )) -le 10 ] && [ $(( even - share )) -le 10 ]; then LB+="  $a (${SRV[$a]}): ${share}% of the connections (even share ${even}%)"$'\n'
    else LB+="  $a (${SRV[$a]}): ${share}% of the connections, want ${even}% +-10  MISMATCH"$'\n'; mismatches=$((mismatches+1)); fi
  done
  # IPv6: the same VIP's IPv6 address; the client resolves it by neighbour discovery, answered by
  # the DSP node for the client's DSN (the solicitation punted, the advertisement sent back)
  c6=${webs[0]}
  got6=$(in_wl "${PID[$c6]}" timeout 60 /usr/bin/python3 "$ROOT/testbed/lb/client.py" tcp fd00:7::c8:1 80 20 2 || true)
  ok6=$(grep -c '^dspw' <<< "$got6" || true); kinds6=$( (grep '^dspw' <<< "$got6" || true) | sort -u | tr '\n' ' ')
  neigh6=$(in_wl "${PID[$c6]}" ip -6 neigh show fd00:7::c8:1 || true)
  checks=$((checks+1))
  if [ "$ok6" = 20 ] && [[ "$neigh6" == *0a:00:00:c8:00:01* ]]; then
    LB+="  app-vip [fd00:7::c8:1]:80 from $c6: resolved by neighbour discovery (0a:00:00:c8:00:01); 20 of 20 connections answered by $kinds6"$'\n'
  else LB+="  app-vip [fd00:7::c8:1]:80 from $c6: $ok6 of 20 connections answered; neighbour entry: $neigh6  MISMATCH"$'\n'; mismatches=$((mismatches+1)); fi
fi

if [ "$mismatches" != 0 ]; then
  # expected vs. observed, and the flows of every DSN a mismatching probe went through
  echo "fabric: MISMATCH  from to service expected observed (decided by egress / ingress):" >&2
  grep MISMATCH "$WORK/observed.tsv" | sed 's/^/  /' >&2 || true
  for srv in $(grep MISMATCH "$WORK/observed.tsv" | while IFS=$'\t' read -r a b _; do echo "${SRV[$a]}"; echo "${SRV[$b]}"; done | sort -u); do
    echo "fabric: flows of $srv:" >&2
    ovs-ofctl --timeout=10 -O OpenFlow13 dump-flows "unix:/tmp/dsp-fabric/$srv/br-dsn.mgmt" --no-stats 2>&1 | sed 's/^/  /' >&2 || true
  done
fi
if [ "$CHECK" = 1 ]; then
  printf '%s' "$FLOWS" | grep MISMATCH || true
  printf '%s' "$REJECTS" | grep MISMATCH || true
  printf '%s' "$LB" | grep MISMATCH || true
  printf '%s' "$LB" | head -1
  echo "fabric: $SPINES spine(s), $LEAVES leaves, $servers server DSNs, $((servers * WL)) workloads; $allowed of $i probes allowed by policy and delivered"
  echo "fabric: topology discovered: $topology"
  echo "fabric: $((checks - mismatches)) passed, $mismatches failed"
  [ "$mismatches" = 0 ]; exit
fi
echo
echo "== DSP on a Mininet leaf-spine: $SPINES spine(s), $LEAVES leaves, $servers servers, $((servers * WL)) workloads =="
echo "Fabric up, all switches connected and every DSN uplink discovered in $((t1 - t0)) s: $topology."
echo
sed 's/^/  /' "$WORK/status.txt"
echo
printf '%s' "$FLOWS"
echo
printf '  %-7s %-7s %-9s %-7s %-8s %s\n' from to service policy observed "decided by (egress / ingress)"
while IFS=$'\t' read -r src dst s want got mark why; do
  flag=""; [ "$mark" = ok ] || flag="  <-- MISMATCH"
  printf '  %-7s %-7s %-9s %-7s %-8s %s%s\n' "$src" "$dst" "$s" "$want" "$got" "$why" "$flag"
done < "$WORK/observed.tsv"
echo
echo
printf '%s' "$REJECTS"
printf '%s' "$LB"
echo "$((checks - mismatches)) of $checks checks passed."
[ "$mismatches" = 0 ]
