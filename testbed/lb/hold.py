"""Holds one TCP connection to HOST:PORT open: prints the backend's name, then, each time a line
arrives on stdin, sends it and prints what comes back ('broken' when the connection failed).
Stops at end of input or after SECONDS."""
import socket, sys, time

host, port, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
s = socket.create_connection((host, port), timeout=3)
print(s.recv(100).decode().strip(), flush=True)
deadline = time.time() + seconds
for line in sys.stdin:
    if time.time() > deadline:
        break
    try:
        s.sendall(line.encode())
        print(s.recv(100).decode().strip() or "broken", flush=True)
    except OSError:
        print("broken", flush=True)
s.close()
