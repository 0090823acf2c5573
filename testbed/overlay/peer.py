"""The overlay and NAT ITs' peer, bounded in time.
serve PORT BANNER SECONDS: answers each TCP connection with BANNER and the number of bytes it then
received, until SECONDS pass (BANNER "@peer": the address and port the connection came from).
connect HOST PORT BYTES [TEXT [SECONDS]]: sends BYTES bytes (TEXT repeated, default "x"), spread evenly
over SECONDS (default: at once), prints what it got back.
udp-serve PORT SECONDS: answers each datagram with the address and port it came from.
udp HOST PORT: sends one datagram (three tries, 2 s each), prints the answer or "timed out"."""
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
            who = "%s %d" % c.getpeername()[:2] if banner == "@peer" else banner
            c.sendall(("%s %d\n" % (who.replace("::ffff:", ""), n)).encode())
        except OSError:
            pass
        c.close()
elif sys.argv[1] == "udp-serve":
    port, until = int(sys.argv[2]), time.time() + float(sys.argv[3])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("0.0.0.0", port))
    while time.time() < until:
        s.settimeout(max(0.1, until - time.time()))
        try:
            data, peer = s.recvfrom(2048)
        except socket.timeout:
            break
        s.sendto(("%s %d" % peer).encode(), peer)
elif sys.argv[1] == "udp":
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(2)
    for _ in range(3):
        s.sendto(b"hello", (sys.argv[2], int(sys.argv[3])))
        try:
            print(s.recvfrom(2048)[0].decode())
            break
        except socket.timeout:
            pass
    else:
        print("timed out")
else:
    host, port, size = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    text = (sys.argv[5] if len(sys.argv) > 5 else "x").encode()
    spread = float(sys.argv[6]) if len(sys.argv) > 6 else 0.0
    c = socket.create_connection((host, port), timeout=5)
    c.settimeout(10)
    chunk = (text * (65536 // len(text) + 1))[:65536]
    sent, start = 0, time.time()
    while sent < size:
        if spread > 0:  # paced: byte n leaves no earlier than n/size of the way through SECONDS
            ahead = start + spread * sent / size - time.time()
            if ahead > 0:
                time.sleep(ahead)
        sent += c.send(chunk[: min(len(chunk), size - sent, 16384 if spread > 0 else 65536)])
    c.shutdown(socket.SHUT_WR)
    out = b""
    while True:
        b = c.recv(4096)
        if not b:
            break
        out += b
    print(out.decode().strip())
