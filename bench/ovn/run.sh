#!/usr/bin/env bash
# DSP next to OVN 23.03 on this machine's one Open vSwitch (issue 9, item 6): runs the maintainers'
# harness ../shared/bench-ovn/dsp-vs-ovn (it installs OVN and iperf3 with apt; its README and
# run-all.sh say what each part measures) from a temporary copy, with the one change today's node
# needs: its REST API wants a login, so the copy's node_start logs in as the bootstrap admin and its
# dspctl.py sends the token. Nothing else of the harness is changed.
#   bench/ovn/run.sh                       the whole harness (run-all.sh: 30-60 minutes)
#   bench/ovn/run.sh 20-incremental 30-dataplane   OVN up, these parts, the report, OVN down
# Results: $BENCH_OUT/dsp-vs-ovn (default /tmp/bench-ovn/dsp-vs-ovn): *.csv, table.md. Run it alone
# on the machine (two cores: any other load skews the ratios).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SRC=${BENCH_OVN:-$ROOT/../shared/bench-ovn}
[ -d "$SRC/dsp-vs-ovn" ] || { echo "bench: no harness at $SRC (set BENCH_OVN)" >&2; exit 1; }
WORK="$(mktemp -d /tmp/dsp-bench-ovn.XXXXXX)"
STARTED=
# on any exit: once OVN was started, the harness's own teardown (OVN, its namespaces and bridges), then the copy
trap 'if [ -n "$STARTED" ]; then "$WORK/dsp-vs-ovn/99-down.sh" >/dev/null 2>&1 || true; fi; rm -rf "$WORK"' EXIT
cp -r "$SRC/." "$WORK/"; chmod -R u+w "$WORK"
H=$WORK/dsp-vs-ovn
# dspctl.py: every request carries the token of $DSP_TOKEN
/usr/bin/python3 - "$H/dspctl.py" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
old = 'headers={"Content-Type": "application/json"})'
assert old in s, "dspctl.py changed: update bench/ovn/run.sh"
s = s.replace(old, 'headers={"Content-Type": "application/json", "Authorization": "Bearer " + __import__("os").environ.get("DSP_TOKEN", "")})')
open(p, "w").write(s)
PY
# node_start: log in once the node is ready (its data dir holds the bootstrap admin's password)
/usr/bin/python3 - "$H/common-dsp.sh" <<'PY'
import sys
p = sys.argv[1]; s = open(p).read()
old = '    $DSPCTL wait-switch "$DSN"\n'
assert old in s, "common-dsp.sh changed: update bench/ovn/run.sh"
s = s.replace(old, '    DSP_TOKEN=$(java -jar "$DSP_ROOT/cli/target/dsp-cli.jar" login --node "$REST" --user admin '
              '--password-file "$WORKDIR/data/bootstrap-admin.secret" --print-token); export DSP_TOKEN\n' + old, 1)
open(p, "w").write(s)
PY
cd "$ROOT"
export DSP_ROOT="$ROOT"
STARTED=1
if [ $# -eq 0 ]; then
  "$H/run-all.sh"
else
  OUTDIR=${BENCH_OUT:-/tmp/bench-ovn}/dsp-vs-ovn; export OUT=$OUTDIR; mkdir -p "$OUTDIR"
  "$WORK/ovn-baseline/00-ovn-up.sh" > "$OUTDIR/00-ovn-up.log" 2>&1 || { echo "bench: OVN start failed ($OUTDIR/00-ovn-up.log)" >&2; exit 1; }
  for part in "$@"; do
    echo "bench: $part"; "$H/$part.sh" > "$OUTDIR/$part.log" 2>&1 || echo "bench: $part exited $?" >&2
  done
  /usr/bin/python3 "$H/report.py" || true
fi
echo "bench: results in ${BENCH_OUT:-/tmp/bench-ovn}/dsp-vs-ovn"
