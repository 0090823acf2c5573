"""A client for the load-balancer tests: opens COUNT TCP connections (or sends COUNT UDP
datagrams) to HOST:PORT, one after another, reads the backend's name from each and closes first;
prints one line per attempt: the name, or 'refused', 'timeout' or 'error <reason>'."""
import socket, sys

proto, host, port, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
timeout = float(sys.argv[5]) if len(sys.argv) > 5 else 2.0
for _ in range(count):
    try:
        if proto == "udp":
            s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)
            s.settimeout(timeout)
            s.sendto(b"hello", (host, port))
            data, _ = s.recvfrom(2048)
        else:
            s = socket.create_connection((host, port), timeout=timeout)
            data = s.recv(100)
        print(data.decode().strip() or "empty", flush=True)
        s.close()
    except ConnectionRefusedError:
        print("refused", flush=True)
    except socket.timeout:
        print("timeout", flush=True)
    except OSError as e:
        print("error " + str(e).replace(" ", "_"), flush=True)
