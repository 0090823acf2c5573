#!/usr/bin/python3
"""A leaf-spine fabric of OVS switches whose servers each run their own Open vSwitch (the NIC
DSN) in their own namespace, with workloads (namespaces) behind them and a management path to
the DSP node. Run with Debian's /usr/bin/python3 (Mininet's).

    dsp_fabric.py up   --spines 1 --leaves 2 --servers-per-leaf 1 --workloads 2 --controller 6653 --doc OUT.json
    dsp_fabric.py up   --docs examples/three-tier.json examples/globex.json --controller 6653 [--server-leaves 1,2,2]
    dsp_fabric.py down
    dsp_fabric.py fabric-ids --spines 1 --leaves 2    (the leaves' and spines' device ids, for the node's --fabric)

`up` builds the fabric, starts every server's OVS with its DSN bridge connected to the node
(controller on the root namespace, reached over a per-server management veth), connects the
leaves and spines to the same controller (OpenFlow 1.3, so the node discovers the topology
with LLDP and gives them L2 switching; fail-mode standalone keeps them switching on their own
while no controller is connected), names each
workload's network namespace dsp-NAME, writes a tenant document describing the workloads to
OUT.json (or, with --docs, builds one server per DSN and one workload per endpoint of the given
documents), prints a JSON line describing the testbed, and
keeps running until stopped (SIGTERM / Ctrl-C), then tears everything down.
"""
import argparse
import ipaddress
import json
import os
import shutil
import signal
import subprocess
import sys
import time

from mininet.link import Link
from mininet.net import Mininet
from mininet.node import Host, OVSSwitch
from mininet.log import setLogLevel

STATE = "/tmp/dsp-fabric"
# each server's conntrack reporter (tools/dsp-ct-reporter), started where the node manages its OVSDB
REPORTER = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tools", "dsp-ct-reporter")
UPLINK_PORT = 10
EXTERNAL_PORT = 20  # a gateway server's port on the external network (--external)
EXTERNAL_MAC = "02:00:00:cb:00:0a"  # the external host: the gateways' next hop
SPINE_DPID = 0xa00
LEAF_DPID = 0xb00


def fabric_ids(spines, leaves):
    """The device ids of the spines and leaves, in the node's form (of:<16 hex digits>)."""
    return ["of:%016x" % (SPINE_DPID + i) for i in range(spines)] + ["of:%016x" % (LEAF_DPID + i) for i in range(leaves)]


def controller_target(spec):
    """--controller [HOST:]PORT -> (host, port); HOST defaults to 127.0.0.1."""
    host, _, port = spec.rpartition(":")
    return (host or "127.0.0.1", int(port))


class Server(object):
    """A server namespace running its own ovsdb-server and ovs-vswitchd (the DSN)."""

    def __init__(self, host, index, dpid):
        self.host = host
        self.index = index
        self.dir = os.path.join(STATE, host.name)
        self.db = "unix:%s/db.sock" % self.dir
        self.dpid = "%016x" % dpid

    def vsctl(self, *args):
        return self.host.cmd("ovs-vsctl --timeout=10 --db=%s %s" % (self.db, " ".join(args)))

    def start(self):
        os.makedirs(self.dir, exist_ok=True)
        env = "OVS_RUNDIR=%s OVS_LOGDIR=%s OVS_DBDIR=%s" % (self.dir, self.dir, self.dir)
        self.host.cmd("timeout 20 ovsdb-tool create %s/conf.db /usr/share/openvswitch/vswitch.ovsschema" % self.dir)
        # managers from the database too: set-manager points the server's database at the node (OVSDB southbound)
        self.host.cmd("%s timeout 20 ovsdb-server %s/conf.db --remote=punix:%s/db.sock "
                      "--remote=db:Open_vSwitch,Open_vSwitch,manager_options --pidfile=%s/ovsdb-server.pid "
                      "--unixctl=%s/ovsdb-server.ctl --log-file=%s/ovsdb-server.log --detach"
                      % (env, self.dir, self.dir, self.dir, self.dir, self.dir))
        self.vsctl("--no-wait init")
        self.host.cmd("%s timeout 20 ovs-vswitchd %s --pidfile=%s/ovs-vswitchd.pid --unixctl=%s/ovs-vswitchd.ctl "
                      "--log-file=%s/ovs-vswitchd.log --detach" % (env, self.db, self.dir, self.dir, self.dir))
        self.vsctl("add-br br-dsn -- set bridge br-dsn datapath_type=netdev fail-mode=secure protocols=OpenFlow13 "
                   "other-config:datapath-id=%s" % self.dpid)

    def add_port(self, intf, ofport):
        self.host.cmd("ethtool -K %s tx off >/dev/null 2>&1" % intf)
        self.vsctl("add-port br-dsn %s -- set interface %s ofport_request=%d" % (intf, intf, ofport))

    def stop(self):
        stop_pid(os.path.join(self.dir, "ct-reporter.pid"), self.dir)  # only if it is still the one we started
        for name in ("ovs-vswitchd", "ovsdb-server"):
            pidfile = os.path.join(self.dir, name + ".pid")
            if os.path.exists(pidfile):
                try:
                    os.kill(int(open(pidfile).read().strip()), signal.SIGTERM)
                except (OSError, ValueError):
                    pass


LB_VIP, LB_VIP6 = "10.7.200.1", "fd00:7::c8:1"
UNDERLAY = "192.168.255"  # the servers' underlay addresses (.N for server N) when the overlay is on


def generated_plan(args):
    """Servers and workloads from the size parameters, and a tenant document describing them."""
    servers, workloads = [], []
    for n in range(1, args.leaves * args.servers_per_leaf + 1):
        servers.append(0x100 + n)
        for w in range(1, args.workloads + 1):
            workloads.append({"name": "dspw%d" % (len(workloads) + 1), "server": n - 1, "port": w,
                              "ip": "10.7.%d.%d/16" % (n, w), "ip6": "fd00:7::%d:%d" % (n, w),
                              "mac": "02:07:00:00:%02x:%02x" % (n, w),
                              "labels": {"tier": "web" if w % 2 else "app", "server": "dspsrv%d" % n}})
    doc = {
        # default-allow tenant whose workloads are isolated by default-deny microsegments (web: ingress,
        # app: egress); the rules isolate the other directions themselves (any rule does)
        "tenant": {"id": "fabric", "defaultPosture": "default-allow"},
        "endpoints": [{"name": w["name"], "kind": "container", "mac": w["mac"],
                       "addresses": [w["ip"].split("/")[0], w["ip6"]],
                       "labels": w["labels"],
                       "attachment": {"dsn": "of:%016x" % servers[w["server"]], "port": w["port"]}}
                      for w in workloads],
        "groups": [{"name": "web", "selector": {"matchLabels": {"tier": "web"}}},
                   {"name": "app", "selector": {"matchLabels": {"tier": "app"}}}],
        "segments": [{"name": "web-zone", "appliedTo": "web", "posture": "default-deny", "directions": ["ingress"]},
                     {"name": "app-zone", "appliedTo": "app", "posture": "default-deny", "directions": ["egress"]}],
        "firewall": {"tenant": [
            {"name": "web-to-app", "direction": "egress", "appliedTo": "web", "peers": [{"group": "app"}],
             "protocol": "tcp", "ports": [8080], "action": "allow"},
            {"name": "app-from-web", "direction": "ingress", "appliedTo": "app", "peers": [{"group": "web"}],
             "protocol": "tcp", "ports": [8080], "action": "allow"},
            {"name": "web-to-app-udp", "direction": "egress", "appliedTo": "web", "peers": [{"group": "app"}],
             "protocol": "udp", "ports": [5353], "action": "allow"},
            {"name": "app-from-web-udp", "direction": "ingress", "appliedTo": "app", "peers": [{"group": "web"}],
             "protocol": "udp", "ports": [5353], "action": "allow"},
            {"name": "no-telnet", "direction": "egress", "appliedTo": "web", "peers": [{"group": "app"}],
             "protocol": "tcp", "ports": [23], "action": "reject"},
            {"name": "ping", "direction": "ingress", "appliedTo": "app", "protocol": "icmp", "action": "allow"},
            {"name": "ping-out", "direction": "egress", "appliedTo": "web", "protocol": "icmp", "action": "allow"},
            # the app tier's VIP: policy sees the real backend, on its target port
            {"name": "web-to-app-vip", "direction": "egress", "appliedTo": "web", "peers": [{"group": "app"}],
             "protocol": "tcp", "ports": [9090], "action": "allow"},
            {"name": "app-from-web-vip", "direction": "ingress", "appliedTo": "app", "peers": [{"group": "web"}],
             "protocol": "tcp", "ports": [9090], "action": "allow"}]},
        # every app workload behind one VIP (IPv4 and IPv6), balanced at each web client's own DSN
        "loadBalancers": [{"name": "app-vip", "vips": [LB_VIP, LB_VIP6],
                           "ports": [{"name": "http", "port": 80, "protocol": "tcp", "targetPort": 9090}],
                           "backends": {"group": "app"}}],
    }
    return servers, workloads, doc


def docs_plan(paths):
    """Servers and workloads from tenant documents: one server per DSN they attach to, one
    workload per endpoint with the document's MAC, first IPv4 address (/8) and port. A member of a
    tenant's overlay network (its `networks` section) is configured as a DHCP server (and IPv6
    router advertisements) of the network would: its subnets' prefix lengths, default routes via
    the subnets' gateways, the network's MTU."""
    endpoints = []
    for path in paths:
        with open(path) as f:
            d = json.load(f)
        for e in d["endpoints"]:
            endpoints.append((e, d.get("networks") or []))
    servers = sorted({int(e["attachment"]["dsn"].split(":")[1], 16) for e, _ in endpoints})
    workloads = []
    for e, networks in endpoints:
        v4 = [a for a in e["addresses"] if ":" not in a][0]
        v6 = [a for a in e["addresses"] if ":" in a]
        w = {"name": e["name"], "server": servers.index(int(e["attachment"]["dsn"].split(":")[1], 16)),
             "port": e["attachment"]["port"], "ip": v4 + "/8", "mac": e["mac"], "ip6": v6[0] if v6 else None}
        for n in networks:
            for sub in n["subnets"]:
                net = ipaddress.ip_network(sub["cidr"])
                if net.version == 4 and ipaddress.ip_address(v4) in net:
                    w.update(ip="%s/%d" % (v4, net.prefixlen), gateway=sub.get("gateway"), mtu=n.get("mtu", 1450))
                elif net.version == 6 and v6 and ipaddress.ip_address(v6[0]) in net:
                    w.update(ip6="%s/%d" % (v6[0], net.prefixlen), gateway6=sub.get("gateway"))
        workloads.append(w)
    return servers, workloads, None


def build(args, made):
    """Builds the fabric; records what it made in `made` (net, servers) as it goes, for teardown."""
    setLogLevel("warning")
    shutil.rmtree(STATE, ignore_errors=True)
    os.makedirs(STATE)
    dpids, plan, doc = docs_plan(args.docs) if args.docs else generated_plan(args)
    if args.server_leaves and len(args.server_leaves) != len(dpids):
        raise SystemExit("--server-leaves names %d leaves for %d servers" % (len(args.server_leaves), len(dpids)))
    net = Mininet(controller=None, build=False, autoSetMacs=False, cleanup=True)
    made["net"] = net
    made["servers"] = []
    spines = [net.addSwitch("dsps%d" % (i + 1), cls=OVSSwitch, datapath="user", failMode="standalone",
                            protocols="OpenFlow13", dpid="%016x" % (SPINE_DPID + i)) for i in range(args.spines)]
    leaves = [net.addSwitch("dspl%d" % (i + 1), cls=OVSSwitch, datapath="user", failMode="standalone",
                            protocols="OpenFlow13", dpid="%016x" % (LEAF_DPID + i)) for i in range(args.leaves)]
    ctl_host, ctl_port = controller_target(args.controller)
    local_ctl = ctl_host.startswith("127.") or ctl_host == "localhost"
    for leaf in leaves:
        for spine in spines:
            net.addLink(leaf, spine)
    servers, edge_ports, workloads = [], [], []
    for i, dpid in enumerate(dpids):
        server = Server(net.addHost("dspsrv%d" % (i + 1), ip=None), i + 1, dpid)
        made["servers"].append(server)
        if not args.docs:
            leaf = leaves[i // args.servers_per_leaf]
        elif args.server_leaves:
            leaf = leaves[args.server_leaves[i] - 1]
        else:
            leaf = leaves[i % len(leaves)]
        link = net.addLink(server.host, leaf)
        servers.append((server, link.intf1.name))
        edge_ports.append((leaf, link.intf2.name))
    external = None
    if args.external:
        # an external network (docs/nat.md): a host at 203.0.113.10 on port 20 of the server's bridge, the
        # node's NAT gateway there (--gateway DSN=20@02:00:00:cb:00:0a)
        ext = net.addHost("dspx", ip="203.0.113.10/24", mac=EXTERNAL_MAC)
        external = (ext, servers[args.external - 1][0], net.addLink(ext, servers[args.external - 1][0].host).intf2.name)
    for i, w in enumerate(plan):
        # Mininet names interfaces after hosts (15 characters at most): short host names, and the
        # workload's own name on its network namespace (dsp-NAME, for `ip netns exec`)
        host = net.addHost("dspw%d" % (i + 1), ip=w["ip"], mac=w["mac"])
        server = servers[w["server"]][0]
        intf = net.addLink(host, server.host).intf2.name
        workloads.append((host, server, w, intf))
    net.build()
    for sw in spines + leaves:
        sw.start([])
    if args.spines > 1:
        # more than one spine makes loops: RSTP (converges in about a second, STP takes 30 s)
        for sw in spines + leaves:
            sw.vsctl("--timeout=10 set bridge %s rstp_enable=true" % sw.name)
        for leaf, port in edge_ports:  # server-facing: forward at once
            leaf.vsctl("--timeout=10 set port %s other_config:rstp-port-admin-edge=true other_config:rstp-port-auto-edge=true" % port)
        wait_rstp(spines + leaves)
    for sw in spines + leaves:
        # the hardware-switch role: the controller discovers links through them and gives them L2 switching
        sw.vsctl("--timeout=10 set-controller %s tcp:%s:%d -- set controller %s connection-mode=out-of-band"
                 % (sw.name, ctl_host, ctl_port, sw.name))
    for server, uplink in servers:
        server.start()
        server.add_port(uplink, UPLINK_PORT)
        # management veth: root namespace <-> server namespace (the DSN's out-of-band port)
        mgmt_root = "dspm%d" % server.index
        subprocess.check_call(["ip", "link", "add", mgmt_root, "type", "veth", "peer", "name", "mgmt0",
                               "netns", str(server.host.pid)])
        subprocess.check_call(["ip", "addr", "add", "169.254.%d.1/30" % server.index, "dev", mgmt_root])
        subprocess.check_call(["ip", "link", "set", mgmt_root, "up"])
        server.host.cmd("ip addr add 169.254.%d.2/30 dev mgmt0 && ip link set mgmt0 up" % server.index)
        if local_ctl:
            server.vsctl("set-controller br-dsn tcp:169.254.%d.1:%d" % (server.index, ctl_port))
            if args.ovsdb:
                # the overlay: the server's underlay address on its bridge's own interface, named for the
                # node in external_ids (as OVN's ovn-encap-ip); the node creates the tunnel port over OVSDB
                server.host.cmd("ip addr add %s.%d/24 dev br-dsn && ip link set br-dsn up" % (UNDERLAY, server.index))
                server.vsctl("set open_vswitch . external_ids:dsp-encap-ip=%s.%d" % (UNDERLAY, server.index))
                server.vsctl("set-manager tcp:169.254.%d.1:%d" % (server.index, args.ovsdb))
                # counts the tenants' conntrack entries for the node, as a real server would run it (an hour at most here)
                server.host.cmd("/usr/bin/python3 %s --db %s --ctl %s/ovs-vswitchd.ctl --interval 2 --lifetime 3600 "
                                "> %s/ct-reporter.log 2>&1 & echo $! > %s/ct-reporter.pid"
                                % (REPORTER, server.db, server.dir, server.dir, server.dir))
        else:
            # a remote controller (e.g. an ONOS cluster) through the root namespace, which must route it
            server.host.cmd("ip route add %s/32 via 169.254.%d.1" % (ctl_host, server.index))
            server.vsctl("set-controller br-dsn tcp:%s:%d" % (ctl_host, ctl_port))
    if external is not None:
        ext, server, intf = external
        server.host.cmd("sysctl -qw net.ipv6.conf.%s.disable_ipv6=1" % intf)
        server.add_port(intf, EXTERNAL_PORT)
        ext.cmd("ethtool -K %s tx off >/dev/null 2>&1" % ext.defaultIntf().name)
        with open(os.path.join(STATE, "netns.list"), "a") as f:
            f.write("dsp-ext\n")
        subprocess.check_call(["ip", "netns", "attach", "dsp-ext", str(ext.pid)])
    for host, server, w, intf in workloads:
        # the server's own stack stays off the workload's port (as a CNI plugin keeps it): what reaches a
        # workload is only what its DSN delivers
        server.host.cmd("sysctl -qw net.ipv6.conf.%s.disable_ipv6=1" % intf)
        server.add_port(intf, w["port"])
        if w.get("gateway"):
            host.cmd("ip route add default via %s" % w["gateway"])
        if w.get("mtu"):
            host.cmd("ip link set dev %s mtu %d" % (host.defaultIntf().name, w["mtu"]))
        host.cmd("ethtool -K %s tx off >/dev/null 2>&1" % host.defaultIntf().name)
        if w.get("ip6"):
            host.cmd("ip -6 addr add %s dev %s nodad" % (w["ip6"] if "/" in w["ip6"] else w["ip6"] + "/64", host.defaultIntf().name))
        if w.get("gateway6"):
            host.cmd("ip -6 route add default via %s" % w["gateway6"])
        with open(os.path.join(STATE, "netns.list"), "a") as f:
            f.write("dsp-%s\n" % w["name"])
        subprocess.check_call(["ip", "netns", "attach", "dsp-" + w["name"], str(host.pid)])
    if doc is not None:
        with open(args.doc, "w") as f:
            json.dump(doc, f, indent=1)
    info = {"dsns": ["of:" + s.dpid for s, _ in servers], "uplink": UPLINK_PORT,
            "fabric": fabric_ids(args.spines, args.leaves),
            "servers": {s.host.name: {"dsn": "of:" + s.dpid, "dir": s.dir} for s, _ in servers},
            "workloads": {w["name"]: {"pid": host.pid, "ip": host.IP(), "ip6": w.get("ip6"), "server": server.host.name,
                                      "netns": "dsp-" + w["name"]}
                          for host, server, w, _ in workloads}}
    return info


def wait_rstp(switches, limit=60):
    """Waits (bounded) until every fabric port is Forwarding, or Discarding as an Alternate or Backup."""
    deadline = time.time() + limit
    while time.time() < deadline:
        states = []
        for sw in switches:
            for intf in sw.intfList():
                if intf.name == "lo":
                    continue
                state = sw.vsctl("--timeout=10 get port %s rstp_status:rstp_port_state" % intf.name).strip().strip('"')
                role = sw.vsctl("--timeout=10 get port %s rstp_status:rstp_port_role" % intf.name).strip().strip('"')
                states.append((state, role))
        if states and all(st == "Forwarding" or (st == "Discarding" and role in ("Alternate", "Backup"))
                          for st, role in states):
            time.sleep(1)
            return
        time.sleep(0.5)
    raise RuntimeError("RSTP did not converge in %d s: %s" % (limit, states))


def stop_pid(pidfile, must_contain):
    """Stops the process in a pidfile if it is still the one we started (its command line names
    must_contain): SIGTERM, up to 5 s, then SIGKILL."""
    try:
        pid = int(open(pidfile).read().strip())
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            if must_contain.encode() not in f.read():
                return
        os.kill(pid, signal.SIGTERM)
        for _ in range(50):
            os.kill(pid, 0)
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)
    except (OSError, ValueError):
        pass


def down():
    # the names given to the workloads' namespaces first: a name keeps its namespace alive
    names = os.path.join(STATE, "netns.list")
    if os.path.exists(names):
        for name in open(names).read().split():
            subprocess.call(["ip", "netns", "del", name], stderr=subprocess.DEVNULL)
    for d in (os.listdir(STATE) if os.path.isdir(STATE) else []):
        for name in ("ct-reporter", "ovs-vswitchd", "ovsdb-server"):
            stop_pid(os.path.join(STATE, d, name + ".pid"), os.path.join(STATE, d))
    # only this fabric's own switches (never `mn -c`, which removes every bridge on the machine)
    out = subprocess.run(["ovs-vsctl", "--timeout=10", "list-br"], capture_output=True, text=True).stdout.split()
    for br in out:
        if br.startswith("dsps") or br.startswith("dspl"):
            subprocess.call(["ovs-vsctl", "--timeout=10", "--if-exists", "del-br", br])
    # management veths, and fabric veths whose ends are both in the root namespace
    subprocess.call("for l in $(ip -o link | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -E '^(dspm[0-9]+|dsp[sl][0-9]+-eth[0-9]+)$'); "
                    "do ip link del $l 2>/dev/null; done", shell=True)
    shutil.rmtree(STATE, ignore_errors=True)


class Stop(Exception):
    """Raised by the SIGTERM/SIGINT handler, so a stop during the build tears down too."""


def main():
    p = argparse.ArgumentParser()
    p.add_argument("action", choices=["up", "down", "fabric-ids"])
    p.add_argument("--spines", type=int, default=1)
    p.add_argument("--leaves", type=int, default=2)
    p.add_argument("--servers-per-leaf", type=int, default=1)
    p.add_argument("--workloads", type=int, default=2)
    p.add_argument("--controller", default="6653",
                   help="[HOST:]PORT of the OpenFlow controller (default 6653 on this machine; the DSNs reach a "
                        "local one over their management veth, a remote one through the root namespace)")
    p.add_argument("--lifetime", type=int, default=3600, help="seconds until it tears itself down (default an hour)")
    p.add_argument("--doc", default="/tmp/dsp-fabric-tenant.json",
                   help="where to write the generated tenant document (not with --docs)")
    p.add_argument("--ovsdb", type=int, default=0,
                   help="the node's OVSDB port: each server gets an underlay address and points its database at the node")
    p.add_argument("--external", type=int, default=0,
                   help="N: an external network on port %d of server N's bridge, its host (netns dsp-ext) at 203.0.113.10"
                        % EXTERNAL_PORT)
    p.add_argument("--docs", nargs="*", default=[],
                   help="build servers and workloads from these tenant documents instead of the size parameters")
    p.add_argument("--server-leaves", default="",
                   help="with --docs: the leaf (1-based) of each server, in the order of their DSN ids, e.g. 1,2,2 "
                        "(default: round robin)")
    args = p.parse_args()
    try:
        args.server_leaves = [int(x) for x in args.server_leaves.split(",")] if args.server_leaves else []
    except ValueError:
        p.error("--server-leaves %s: expected leaf numbers separated by commas, e.g. 1,2,2" % args.server_leaves)
    if any(x < 1 or x > args.leaves for x in args.server_leaves):
        p.error("--server-leaves %s: a leaf number is not between 1 and --leaves %d" % (",".join(map(str, args.server_leaves)), args.leaves))
    if args.action == "down":
        down()
        return
    if args.action == "fabric-ids":
        print(",".join(fabric_ids(args.spines, args.leaves)))
        return
    try:
        controller_target(args.controller)
    except ValueError:
        p.error("--controller %s: expected [HOST:]PORT, e.g. 6653 or 192.0.2.10:6653" % args.controller)
    def on_signal(*_):
        raise Stop()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    made = {}
    try:
        info = build(args, made)
        print(json.dumps(info), flush=True)
        deadline = time.time() + args.lifetime  # bounded
        while time.time() < deadline:
            time.sleep(0.2)
    except Stop:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for server in made.get("servers", []):
            server.stop()
        if "net" in made:
            made["net"].stop()
        down()


if __name__ == "__main__":
    main()
