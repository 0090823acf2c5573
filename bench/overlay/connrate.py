"""New TCP connections per second, bounded in time.
serve PORT SECONDS: accepts and closes connections (the client closes first) until SECONDS pass.
connect HOST PORT SECONDS: opens and closes connections for SECONDS; prints how many per second."""
import socket
import sys
import time

if sys.argv[1] == "serve":
    port, until = int(sys.argv[2]), time.time() + float(sys.argv[3])
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(512)
    s.settimeout(0.5)
    while time.time() < until:
        try:
            c, _ = s.accept()
        except socket.timeout:
            continue
        try:
            c.recv(1)  # returns when the client closes
        except OSError:
            pass
        c.close()
else:
    host, port, seconds = sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    n, start = 0, time.time()
    while time.time() - start < seconds:
        c = socket.create_connection((host, port), timeout=3)
        c.close()  # the client closes first (no TIME_WAIT reuse on the server side)
        n += 1
    print("%.0f" % (n / (time.time() - start)))
