"""TCP connection set-up time, bounded: connect HOST PORT COUNT opens and closes COUNT connections one
after another (at most 60 s) and prints the median and the 90th percentile of connect() in ms (one
round trip: SYN, SYN-ACK). The server is bench/overlay/connrate.py serve."""
import socket
import sys
import time

host, port, count = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
times, end = [], time.time() + 60
while len(times) < count and time.time() < end:
    t = time.perf_counter()
    c = socket.create_connection((host, port), timeout=3)
    times.append((time.perf_counter() - t) * 1000)
    c.close()
times.sort()
print("%.3f %.3f" % (times[len(times) // 2], times[int(len(times) * 0.9)]))
