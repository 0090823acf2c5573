#!/usr/bin/python3
"""Generates a large tenant for the node programming benchmark: every endpoint on one DSN.

usage: gen-tenant.py ENDPOINTS RULES > tenant.json
Endpoints are split into applications of 10; rule r admits application (7r+3) to application r
on its own TCP port, so flows grow with endpoints and rules (see docs/pipeline.md).
"""
import json
import sys

n, rules = int(sys.argv[1]), int(sys.argv[2])
apps = max(1, n // 10)
doc = {
    "tenant": {"id": "bench", "defaultPosture": "default-deny"},
    "endpoints": [
        {"name": f"ep{i}", "kind": "container", "mac": "02:%02x:%02x:%02x:%02x:%02x" % (
            0x10, (i >> 24) & 0xff, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff),
         "addresses": ["10.%d.%d.%d" % (((i + 1) >> 16) & 0xff, ((i + 1) >> 8) & 0xff, (i + 1) & 0xff)],
         "labels": {"app": f"app{i % apps}"},
         "attachment": {"dsn": "of:0000000000000001", "port": i + 1}}
        for i in range(n)],
    "groups": [{"name": f"app{a}", "selector": {"matchLabels": {"app": f"app{a}"}}} for a in range(apps)],
    "firewall": {"tenant": [
        {"name": f"r{r}", "direction": "ingress", "appliedTo": f"app{r % apps}",
         "peers": [{"group": f"app{(7 * r + 3) % apps}"}],
         "services": [{"protocol": "tcp", "ports": [1000 + r % 50000]}], "action": "allow"}
        for r in range(rules)]},
}
json.dump(doc, sys.stdout)
