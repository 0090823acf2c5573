#!/usr/bin/python3
"""The scale workload of issue 9 (the one measured next to OVN in ../shared/bench-ovn) as a DSP tenant.

usage: gen-doc.py N LAYOUT [--extra] > doc.json
  4 endpoints (client, web1, web2, db1) on DSN of:00000000000000e1, ports 1-4; default-deny.
  LAYOUT one : rule i is ingress to group tgt = {web1, web2, db1} from address group as_(i % 10)
               (10 groups of 20 /32 addresses), tcp 1000+i, allow, stateful: every rule on one target group
  LAYOUT many: rule i is ingress to one of the three single-workload groups t_(i % 3) from address group
               as_(i % 100) (100 groups of 20 addresses), tcp 1000+(i % 60000), allow, stateful
  --extra    : one more rule (from as_0 to the first target, tcp 9999): the one-rule change
  --dataplane[=persist]: two more rules first, for traffic between the workloads (bench/dataplane): client
               may connect to the targets on tcp 5201 and 7001-7010 (egress at client, ingress at the
               targets, stateful); with =persist they are onChange: persist (established packets skip policy)
"""
import json, sys

n, layout = int(sys.argv[1]), sys.argv[2]
extra = "--extra" in sys.argv[3:]
dataplane = [a for a in sys.argv[3:] if a.startswith("--dataplane")]
dsn = "of:00000000000000e1"
names = [("client", "client"), ("web1", "tgt"), ("web2", "tgt"), ("db1", "tgt")]
eps = [{"name": name, "kind": "container", "mac": "02:00:00:00:00:%02x" % (0x10 + k),
        "addresses": ["10.0.0.%d" % (10 + k)], "labels": {"role": role, "name": name},
        "attachment": {"dsn": dsn, "port": k + 1}} for k, (name, role) in enumerate(names)]
sets = 10 if layout == "one" else 100
groups = [{"name": "tgt", "selector": {"matchLabels": {"role": "tgt"}}}]
groups += [{"name": "t_%d" % k, "selector": {"matchLabels": {"name": w}}} for k, w in enumerate(["web1", "web2", "db1"])]
groups += [{"name": "as_%d" % s, "cidrs": ["10.%d.%d.%d/32" % (100 + s // 250, s % 250, a + 1) for a in range(20)]}
           for s in range(sets)]
def rule(name, target, peer, port):
    return {"name": name, "direction": "ingress", "appliedTo": target, "peers": [{"group": peer}],
            "services": [{"protocol": "tcp", "ports": [port]}], "action": "allow", "stateful": True}
if layout == "one":
    rules = [rule("r%d" % i, "tgt", "as_%d" % (i % sets), 1000 + i) for i in range(n)]
else:
    rules = [rule("r%d" % i, "t_%d" % (i % 3), "as_%d" % (i % sets), 1000 + i % 60000) for i in range(n)]
if dataplane:
    ports = [5201] + list(range(7001, 7011))
    flow = {"protocol": "tcp", "ports": ports}
    more = {"onChange": "persist"} if dataplane[0].endswith("=persist") else {}
    rules = [dict({"name": "dp-out", "direction": "egress", "appliedTo": "cl", "peers": [{"group": "tgt"}],
                   "services": [flow], "action": "allow", "stateful": True}, **more),
             dict({"name": "dp-in", "direction": "ingress", "appliedTo": "tgt", "peers": [{"group": "cl"}],
                   "services": [flow], "action": "allow", "stateful": True}, **more)] + rules
    groups.append({"name": "cl", "selector": {"matchLabels": {"role": "client"}}})
if extra:
    rules.append(rule("extra", "tgt" if layout == "one" else "t_0", "as_0", 9999))
json.dump({"tenant": {"id": "scale", "defaultPosture": "default-deny"}, "endpoints": eps, "groups": groups,
           "firewall": {"tenant": rules}}, sys.stdout)
