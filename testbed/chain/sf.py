#!/usr/bin/python3
"""A service function for the chaining tests (docs/chaining.md): runs in a workload's namespace
and counts the IPv4 and IPv6 packets it handles (ICMPv6 excepted: neighbour discovery is its own) per "SOURCE>DESTINATION" (and TCP SYNs, a connection's first packets, as "syn SOURCE>DESTINATION"), with the time it first saw each
(key "first SOURCE>DESTINATION", seconds since the epoch), the time it last saw one ("last
SOURCE>DESTINATION": two instances of one chain compare it to tell their order) and the TTL it
last saw ("ttl SOURCE>DESTINATION"), writing them as JSON to a file every 0.2 s.

  sf.py transparent IFACE COUNTS SECONDS   bump in the wire: every IP frame that is not for this
                                           host (its destination MAC another's) goes back out of
                                           IFACE unchanged
  sf.py routed IFACE COUNTS SECONDS        the kernel routes (ip_forward=1, set up by the caller);
                                           this counts the packets it gets that are for another host

It stops by itself after SECONDS, or when it is killed (a test kills one to stop an instance).
"""
import json
import os
import socket
import sys
import time

ETH_P_ALL = 0x0003
PACKET_HOST, PACKET_OTHERHOST, PACKET_OUTGOING = 0, 3, 4


def main():
    mode, iface, counts_file, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((iface, 0))
    s.settimeout(0.2)
    own = set()
    for line in os.popen("ip -o addr show dev " + iface).read().splitlines():
        own.add(line.split()[3].split("/")[0])
    counts = {}
    end = time.time() + seconds
    last = 0.0
    while time.time() < end:
        try:
            frame, addr = s.recvfrom(65535)
        except socket.timeout:
            frame, addr = None, None
        ip = None
        syn = False
        if frame is not None and addr[2] != PACKET_OUTGOING and len(frame) >= 34 and frame[12:14] == b"\x08\x00":
            ip = (socket.inet_ntoa(frame[26:30]), socket.inet_ntoa(frame[30:34]), frame[22])
            flags = 14 + (frame[14] & 0x0f) * 4 + 13
            syn = frame[23] == 6 and len(frame) > flags and frame[flags] & 0x12 == 0x02  # a connection's first packet
        elif frame is not None and addr[2] != PACKET_OUTGOING and len(frame) >= 54 and frame[12:14] == b"\x86\xdd" \
                and frame[20] != 58:  # IPv6, not ICMPv6 (neighbour discovery is the instance's own)
            ip = (socket.inet_ntop(socket.AF_INET6, frame[22:38]), socket.inet_ntop(socket.AF_INET6, frame[38:54]), frame[21])
            syn = frame[20] == 6 and len(frame) > 67 and frame[67] & 0x12 == 0x02
        if ip is not None:
            src, dst, ttl = ip
            if dst not in own:
                mine = (mode == "transparent" and addr[2] == PACKET_OTHERHOST) or (mode == "routed" and addr[2] == PACKET_HOST)
                if mine:
                    seen = time.time()  # when it arrived: taken before passing it on, or the next hop may note it first
                    if mode == "transparent":
                        s.send(frame)
                    key = src + ">" + dst
                    counts[key] = counts.get(key, 0) + 1
                    counts.setdefault("first " + key, seen)
                    counts["last " + key] = seen
                    counts["ttl " + key] = ttl
                    if syn:
                        counts["syn " + key] = counts.get("syn " + key, 0) + 1
        now = time.time()
        if now - last > 0.2:
            tmp = counts_file + ".tmp"
            with open(tmp, "w") as f:
                json.dump(counts, f)
            os.replace(tmp, counts_file)
            last = now


if __name__ == "__main__":
    main()
