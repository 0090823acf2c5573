# Shared by the data-plane benchmarks (bench/overlay, bench/nat, bench/encryption): measure in a
# workload namespace, each bounded by a timeout; needs $ROOT (the repository).
# gbps NS HOST: one TCP stream for 5 s (iperf3 on port 5201), Gbit/s received
gbps() { ip netns exec "$1" timeout 30 iperf3 -c "$2" -p 5201 -t 5 -J | /usr/bin/python3 -c \
  "import json,sys; print('%.2f' % (json.load(sys.stdin)['end']['sum_received']['bits_per_second'] / 1e9))"; }
# rate NS HOST PORT: new TCP connections per second for 3 s (bench/overlay/connrate.py)
rate() { ip netns exec "$1" timeout 30 /usr/bin/python3 "$ROOT/bench/overlay/connrate.py" connect "$2" "$3" 3; }
# median of the numbers on stdin (space or newline separated)
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
