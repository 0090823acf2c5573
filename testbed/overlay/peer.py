"""The overlay IT's TCP peer, bounded in time.
serve PORT BANNER SECONDS: answers each connection with BANNER and the number of bytes it then
received, until SECONDS pass. connect HOST PORT BYTES: sends BYTES bytes, prints what it got back."""
import socket
import sys
import time

if sys.argv[1] == "serve":
    port, banner, until = int(sys.argv[2]), sys.argv[3], time.time() + float(sys.argv[4])
    s = socket.socket(socket.AF_INET6)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.bind(("::", port))
    s.listen(8)
    while time.time() < until:
        s.settimeout(max(0.1, until - time.time()))
        try:
            c, _ = s.accept()
        except socket.timeout:
            break
        c.settimeout(10)
        n = 0
        try:
            while True:
                b = c.recv(65536)
                if not b:
                    break
                n += len(b)
            c.sendall(("%s %d\n" % (banner, n)).encode())
        except OSError:
            pass
        c.close()
else:
    host, port, size = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    c = socket.create_connection((host, port), timeout=5)
    c.settimeout(10)
    chunk = b"x" * 65536
    sent = 0
    while sent < size:
        sent += c.send(chunk[: min(len(chunk), size - sent)])
    c.shutdown(socket.SHUT_WR)
    out = b""
    while True:
        b = c.recv(4096)
        if not b:
            break
        out += b
    print(out.decode().strip())
