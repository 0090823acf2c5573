# Shared by the data-plane benchmarks (bench/overlay, bench/nat, bench/encryption, bench/chain): measure
# in a workload namespace, each bounded by a timeout; needs $ROOT (the repository) and $P (the testbed).
# gbps NS HOST: one TCP stream for 5 s (iperf3 on port 5201), Gbit/s received
gbps() { ip netns exec "$1" timeout 30 iperf3 -c "$2" -p 5201 -t 5 -J | /usr/bin/python3 -c \
  "import json,sys; print('%.2f' % (json.load(sys.stdin)['end']['sum_received']['bits_per_second'] / 1e9))"; }
# rate NS HOST PORT: new TCP connections per second for 3 s (bench/overlay/connrate.py)
rate() { ip netns exec "$1" timeout 30 /usr/bin/python3 "$ROOT/bench/overlay/connrate.py" connect "$2" "$3" 3; }
# median of the numbers on stdin (space or newline separated)
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# vswitchd_pids: the two servers' ovs-vswitchd pids (a run whose pids changed measured a restart)
vswitchd_pids() { cat /tmp/$P/s1/ovs-vswitchd.pid /tmp/$P/s2/ovs-vswitchd.pid | tr '\n' ' '; }
# bench_servers NS RUNS: in NS an iperf3 server (port 5201) and one connrate server per run (ports 7001..),
# each bounded to 600 s (a run's connections get a 5-tuple space of their own: the clients' TIME_WAIT
# sockets of the previous run would otherwise slow connect() down); background jobs of the caller's shell
bench_servers() {
  ip netns exec "$1" timeout 600 iperf3 -s -p 5201 >/dev/null 2>&1 &
  for i in $(seq 1 "$2"); do
    ip netns exec "$1" timeout 600 /usr/bin/python3 "$ROOT/bench/overlay/connrate.py" serve $((7000 + i)) 600 >/dev/null 2>&1 &
  done
}
