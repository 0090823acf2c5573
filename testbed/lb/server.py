"""A backend for the load-balancer tests: answers each TCP connection with its name, then echoes
what it receives until the client closes (the client closes first, so TIME_WAIT stays on the
client side); answers each UDP datagram with its name; IPv4 and IPv6. Stops by itself after
SECONDS. Used by the node's LoadBalancerIT and the fabric testbed."""
import socket, sys, threading, time

name, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
deadline = time.time() + seconds


def serve(conn):
    try:
        conn.settimeout(10)
        conn.sendall(name.encode() + b"\n")
        while True:
            data = conn.recv(4096)
            if not data:
                break
            conn.sendall(data)
    except OSError:
        pass
    finally:
        conn.close()


def dual(kind):
    """A socket for IPv4 and IPv6 (IPv4 as mapped addresses)."""
    s = socket.socket(socket.AF_INET6, kind)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("::", port))
    return s


def udp():
    u = dual(socket.SOCK_DGRAM)
    u.settimeout(0.5)
    while time.time() < deadline:
        try:
            _, peer = u.recvfrom(2048)
            u.sendto(name.encode() + b"\n", peer)
        except socket.timeout:
            pass


threading.Thread(target=udp, daemon=True).start()
s = dual(socket.SOCK_STREAM)
s.listen(128)
s.settimeout(0.5)
print("listening", flush=True)
while time.time() < deadline:
    try:
        c, _ = s.accept()
    except socket.timeout:
        continue
    threading.Thread(target=serve, args=(c,), daemon=True).start()
