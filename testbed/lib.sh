# Shared by testbed/demo.sh and testbed/fabric.sh (sourced). The caller sets TB (its name, for
# messages) and WORK (its work directory), and defines `probe SRC DST SERVICE` (0 = got through).

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
