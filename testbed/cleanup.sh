#!/usr/bin/env bash
# Removes everything the DSP testbed creates: namespaces dsp-*, bridges dsp-*, their veths and
# listeners. Safe to run at any time (also after a killed run); never touches anything else.
set -u
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"   # kill_in
# stop_pidfile FILE PATTERN: stop the process a pidfile names, only if it still is ours (its
# command line contains PATTERN; a stale pidfile's number may belong to anything by now)
stop_pidfile() {
  local f=$1 pattern=$2 pid
  [ -f "$f" ] || return 0
  pid=$(cat "$f" 2>/dev/null)
  if [ -n "$pid" ] && tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -q -- "$pattern"; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}
stop_pidfile /tmp/dsp-demo-node.pid dsp-node-launcher.jar
# processes a test started in the workloads' namespaces (listeners), but not Mininet's own host
# shells, which the topology stops itself
for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^dsp-' || true); do
  kill_in "$ns"
done
# the Mininet fabric (./dsp demo, ./dsp fabric): stop the topology (it tears itself down), then the node
stop_pidfile /tmp/dsp-fabric-run/topo.pid dsp_fabric.py
stop_pidfile /tmp/dsp-fabric-run/node.pid dsp-node-launcher.jar
rmdir /tmp/dsp-fabric-run 2>/dev/null || true
if [ -d /tmp/dsp-fabric ] || ip -o link show 2>/dev/null | grep -qE ': (dspm[0-9]+|dsp[sl][0-9]+-eth[0-9]+)[@:]' \
   || { command -v ovs-vsctl >/dev/null 2>&1 && ovs-vsctl --timeout=5 list-br 2>/dev/null | grep -q '^dsp[sl][0-9]'; }; then
  /usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/../mininet-topos/dsp_fabric.py" down >/dev/null 2>&1 || true
fi
for ns in $(ip netns list 2>/dev/null | awk '{print $1}' | grep '^dsp-' || true); do
  ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
done
if command -v ovs-vsctl >/dev/null 2>&1 && ovs-vsctl --timeout=5 show >/dev/null 2>&1; then
  for br in $(ovs-vsctl --timeout=5 list-br | grep '^dsp-' || true); do
    ovs-vsctl --timeout=5 --if-exists del-br "$br"
  done
fi
for l in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep '^dsp-' || true); do
  ip link del "$l" 2>/dev/null || true
done
# the work directories of earlier runs (a --keep run's node data and logs)
rm -rf /tmp/dsp-demo.?????? /tmp/dsp-fabric-work.??????
exit 0
