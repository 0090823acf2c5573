# Shared shell functions (sourced by testbed/demo.sh, testbed/fabric.sh, testbed/cleanup.sh and
# bench/node). flow_count and kill_in need nothing; the rest need the caller to set TB (its name,
# for messages), WORK (its work directory) and REST (the node's API root), and run_probes needs
# `probe SRC DST SERVICE` (0 = got through).

flow_count() { # OpenFlow target (bridge name or unix:socket): the number of flows it holds
  ovs-ofctl --timeout=10 -O OpenFlow13 dump-aggregate "$1" | grep -o 'flow_count=[0-9]*' | cut -d= -f2
}

kill_in() { # namespace: stops the processes a test started in it (not Mininet's own host shell)
  local pid
  for pid in $(ip netns pids "$1" 2>/dev/null); do
    grep -qa 'mininet:' "/proc/$pid/cmdline" 2>/dev/null || kill "$pid" 2>/dev/null || true
  done
}

# node_login: logs in to the node at $REST as the bootstrap admin of its first start (password in
# $WORK/node/bootstrap-admin.secret) and exports DSP_TOKEN, which the CLI ($JAR) and the REST
# helpers below send
node_login() {
  DSP_TOKEN=$(java -jar "$JAR" login --node "$REST" --user admin --password-file "$WORK/node/bootstrap-admin.secret" --print-token)
  export DSP_TOKEN
}

# metric SERIES: the value of one series of /metrics, as written there (name{labels}), or "" when absent
metric() {
  curl -s -m 5 -H "Authorization: Bearer $DSP_TOKEN" "${REST%/onos/dsp/v1}/metrics" | awk -v s="$1" '$1 == s {print $2}'
}

# rest_get PATH FIELD[.FIELD...]: GETs a REST path and prints one JSON field ("" when the node
# does not answer; python3 from Debian, bounded by a timeout)
rest_get() {
  /usr/bin/python3 - "$REST/$1" "$2" <<'PY'
import json, os, sys, urllib.request
req = lambda u: urllib.request.Request(u, headers={'Authorization': 'Bearer ' + os.environ.get('DSP_TOKEN', '')})
try:
    body = json.load(urllib.request.urlopen(req(sys.argv[1]), timeout=5))
except Exception:
    print(""); sys.exit(0)
v = body
for k in sys.argv[2].split("."):
    v = v[int(k)] if isinstance(v, list) else v.get(k, "")
print(json.dumps(v) if isinstance(v, (list, dict)) else v)
PY
}

# uplinks_found DSN...: the node discovered (LLDP) a link from port 10 of every given DSN to a
# fabric switch (its ONOS-shaped /onos/v1/links)
uplinks_found() {
  /usr/bin/python3 - "${REST%/dsp/v1}/v1/links" "$@" <<'PY'
import json, os, sys, urllib.request
req = lambda u: urllib.request.Request(u, headers={'Authorization': 'Bearer ' + os.environ.get('DSP_TOKEN', '')})
try:
    links = json.load(urllib.request.urlopen(req(sys.argv[1]), timeout=5))["links"]
except Exception:
    sys.exit(1)
found = {l["src"]["device"] for l in links if l["src"]["port"] == "10" and not l["dst"]["device"].startswith("fabric:")}
sys.exit(0 if set(sys.argv[2:]) <= found else 1)
PY
}

# links_found N: the node knows at least N links (both directions count)
links_found() {
  /usr/bin/python3 - "${REST%/dsp/v1}/v1/links" "$1" <<'PY'
import json, os, sys, urllib.request
req = lambda u: urllib.request.Request(u, headers={'Authorization': 'Bearer ' + os.environ.get('DSP_TOKEN', '')})
try:
    n = len(json.load(urllib.request.urlopen(req(sys.argv[1]), timeout=5))["links"])
except Exception:
    sys.exit(1)
sys.exit(0 if n >= int(sys.argv[2]) else 1)
PY
}

# topology_summary: "S switches (D DSNs, F fabric), L links" as the node sees them
topology_summary() {
  /usr/bin/python3 - "${REST%/dsp/v1}/v1" <<'PY'
import json, os, sys, urllib.request
req = lambda u: urllib.request.Request(u, headers={'Authorization': 'Bearer ' + os.environ.get('DSP_TOKEN', '')})
devs = json.load(urllib.request.urlopen(req(sys.argv[1] + "/devices"), timeout=5))["devices"]
links = json.load(urllib.request.urlopen(req(sys.argv[1] + "/links"), timeout=5))["links"]
fabric = sum(1 for d in devs if d["annotations"].get("role") == "fabric")
print("%d switches (%d DSNs, %d fabric), %d links" % (len(devs), len(devs) - fabric, fabric, len(links)))
PY
}

# topo_up: the topology (pid in /tmp/dsp-fabric-run/topo.pid) printed its one JSON line to
# $WORK/topo.out; exits at once, with the topology's log, if the topology died
topo_up() {
  kill -0 "$(cat /tmp/dsp-fabric-run/topo.pid)" 2>/dev/null || { echo "$TB: the Mininet fabric exited:" >&2; tail -20 "$WORK/topo.err" >&2; exit 1; }
  grep -q '}$' "$WORK/topo.out"
}

# wait_for DESCRIPTION SECONDS COMMAND...: polls COMMAND until it succeeds; past the bound, prints
# what it waited for and the tail of the node's and the topology's logs, and exits 1.
wait_for() {
  local what=$1 limit=$2; shift 2
  local end=$(( $(date +%s) + limit ))
  until "$@"; do
    if [ "$(date +%s)" -ge "$end" ]; then
      echo "$TB: timed out after ${limit}s waiting for $what" >&2
      tail -20 "$WORK/node.log" "$WORK/topo.err" >&2 2>/dev/null || true
      exit 1
    fi
    sleep 0.2
  done
}

# run_probes EXPECTED: one probe per row of `dsp expect` output (tenant src dst service ...),
# 12 at a time (each bounded by the probe itself); row N's outcome, allow or blocked, goes to
# $WORK/probe.N. Waits only for the probes (listeners are children of the caller too).
run_probes() {
  local i=0 tenant src dst s rest pids=()
  while IFS=$'\t' read -r tenant src dst s rest; do
    i=$((i+1))
    ( if probe "$src" "$dst" "$s"; then echo allow; else echo blocked; fi > "$WORK/probe.$i" ) &
    pids+=($!)
    if (( i % 12 == 0 )); then wait "${pids[@]}"; pids=(); fi
  done < "$1"
  [ ${#pids[@]} = 0 ] || wait "${pids[@]}"
}

# UDP: an echo server (python3 -c "$UDP_ECHO" PORT) and a probe (python3 -c "$UDP_PROBE" IP PORT)
# that succeeds only when its datagram comes back, so the reply's way through conntrack counts too
UDP_ECHO='import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("", int(sys.argv[1])))
while True:
    data, peer = s.recvfrom(2048)
    s.sendto(data, peer)'
UDP_PROBE='import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1)
s.sendto(b"dsp-probe", (sys.argv[1], int(sys.argv[2])))
try:
    sys.exit(0 if s.recvfrom(2048)[0] == b"dsp-probe" else 1)
except socket.timeout:
    sys.exit(1)'
