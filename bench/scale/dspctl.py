#!/usr/bin/python3
"""Times one change of a tenant on the node, from the request to INSTALLED, inside one process.

One HTTP/1.1 connection (kept alive) sends the change and then polls the tenant's status every
millisecond, so the figure holds no process or TLS start-up: only the node's work, the switch's
acknowledgements and at most about 1 ms of polling. The token comes from $DSP_TOKEN.

usage (REST is http://HOST:PORT/onos/dsp/v1; DSN is the DSN whose flow operations are reported):
  dspctl.py REST DSN put TENANT DOC.json               PUT the whole document
  dspctl.py REST DSN rule-put TENANT TIER NAME RULE.json   PUT one firewall rule
  dspctl.py REST DSN rule-delete TENANT TIER NAME      DELETE one firewall rule
prints: "<ms> <version> <flow ops of DSN> <ms until the change's answer> <status polls after it>"; exits 1 (with the status) when the tenant or the DSN
goes FAILED or nothing is INSTALLED within 300 s.
"""
import http.client, json, os, sys, time, urllib.parse

rest, dsn, cmd, tenant = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
url = urllib.parse.urlsplit(rest)
conn = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
headers = {"Content-Type": "application/json", "Authorization": "Bearer " + os.environ["DSP_TOKEN"]}

def call(method, path, body=None):
    conn.request(method, url.path + "/" + path, body=body, headers=headers)
    r = conn.getresponse()
    data = r.read()
    if r.status >= 300:
        sys.exit("dspctl: %s %s: HTTP %d %s" % (method, path, r.status, data.decode()[:500]))
    return json.loads(data) if data else None

if cmd == "put":
    method, path, body = "PUT", "tenants/" + tenant, open(sys.argv[5], "rb").read()
elif cmd == "rule-put":
    method, path, body = "PUT", "tenants/%s/firewall/%s/rules/%s" % (tenant, sys.argv[5], sys.argv[6]), open(sys.argv[7], "rb").read()
elif cmd == "rule-delete":
    method, path, body = "DELETE", "tenants/%s/firewall/%s/rules/%s" % (tenant, sys.argv[5], sys.argv[6]), None
else:
    sys.exit("dspctl: unknown command " + cmd)
call("GET", "ready")  # the connection is open before the clock starts
t0 = time.monotonic()
version = call(method, path, body)["version"]
answered = time.monotonic()
polls = 0
deadline = t0 + 300
while True:
    st = call("GET", "tenants/%s/status" % tenant)
    d = st.get("dsns", {}).get(dsn, {})
    if st.get("version") == version and st.get("state") == "INSTALLED" and d.get("state") == "INSTALLED":
        break
    if st.get("version") == version and (st.get("state") == "FAILED" or d.get("state") == "FAILED") or time.monotonic() > deadline:
        sys.exit("dspctl: not installed: " + json.dumps(st)[:800])
    polls += 1
    time.sleep(0.001)
print("%d %d %s %.1f %d" % (round((time.monotonic() - t0) * 1000), version, d.get("flowOps"), (answered - t0) * 1000, polls))
