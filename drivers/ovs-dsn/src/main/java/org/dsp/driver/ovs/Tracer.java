package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * Walks a packet across DSNs through their compiled programs, with the {@link FlowSimulator} at
 * each: from a workload's port, out of the uplink to the DSN that holds the destination MAC (the
 * fabric switches L2), or into a tunnel to the DSN with that underlay address, until it is
 * delivered to a port, dropped, rejected (sent to the controller) or leaves for the fabric. Each
 * DSN keeps its own conntrack model across walks, so a walk after another sees the first's
 * connection (established, reply). Pure: no switch, no I/O.
 */
public final class Tracer {
    /** The most DSNs one walk visits. */
    static final int MAX_HOPS = 8;

    /** One DSN's part of a walk. */
    public static final class Hop {
        private final DeviceId dsn;
        private final long inPort;
        private final FlowSimulator.Result result;
        private final String next;

        Hop(DeviceId dsn, long inPort, FlowSimulator.Result result, String next) {
            this.dsn = dsn;
            this.inPort = inPort;
            this.result = result;
            this.next = next;
        }

        /** Returns the DSN. */
        public DeviceId dsn() {
            return dsn;
        }

        /** Returns the port the packet came in on. */
        public long inPort() {
            return inPort;
        }

        /** Returns what the DSN did: the flows hit, in order, and the outputs. */
        public FlowSimulator.Result result() {
            return result;
        }

        /** Returns where the packet went from here, in words ({@code delivered to port 2}, {@code dropped}, ...). */
        public String next() {
            return next;
        }
    }

    private final Map<DeviceId, DsnProgram> programs;
    private final Inventory inventory;
    private final Map<MacAddress, DeviceId> macs;
    private final Map<DeviceId, Conntrack> conntrack = new HashMap<>();

    /**
     * A tracer over {@code programs} (as the DSN compiler made them for {@code inventory}); {@code
     * macs} says which DSN holds each workload MAC (where the fabric delivers a frame).
     */
    public Tracer(Map<DeviceId, DsnProgram> programs, Inventory inventory, Map<MacAddress, DeviceId> macs) {
        this.programs = Map.copyOf(programs);
        this.inventory = inventory;
        this.macs = Map.copyOf(macs);
    }

    /** Walks {@code packet} entering {@code dsn} on {@code inPort}; returns the hops in order. */
    public List<Hop> walk(DeviceId dsn, long inPort, SimPacket packet) {
        List<Hop> hops = new ArrayList<>();
        DeviceId at = dsn;
        long port = inPort;
        SimPacket p = packet;
        while (hops.size() < MAX_HOPS) {
            DsnProgram program = programs.get(at);
            if (program == null) {
                hops.add(new Hop(at, port, null, "no program for " + at));
                break;
            }
            FlowSimulator.Result r = new FlowSimulator(program, conntrack.computeIfAbsent(at, k -> new Conntrack())).process(p, port);
            PortNumber uplink = inventory.uplink(at);
            TunnelEndpoint sec = inventory.tunnel(at, true);
            boolean encrypted = r.tunnelDst() != -1 && sec != null && r.outputs().contains(sec.port().toLong());
            TunnelEndpoint tunnel = inventory.tunnel(at, encrypted);
            if (r.tunnelDst() != -1 && tunnel != null && r.outputs().contains(tunnel.port().toLong())) {
                DeviceId peer = byAddress(r.tunnelDst(), encrypted);
                String kind = encrypted ? "encrypted tunnel (WireGuard)" : "tunnel";
                if (peer == null) {
                    hops.add(new Hop(at, port, r, "into a " + kind + " to " + ip(r.tunnelDst()) + ", which no DSN has"));
                    break;
                }
                hops.add(new Hop(at, port, r, "into the " + kind + " to " + peer + " (" + ip(r.tunnelDst()) + "), network "
                        + r.tunnelId()));
                long src = tunnel.underlay().toInt() & 0xffffffffL;
                p = r.packet().tunnelled(r.tunnelId(), src);
                port = inventory.tunnel(peer, encrypted).port().toLong();
                at = peer;
                continue;
            }
            if (uplink != null && r.outputs().contains(uplink.toLong())) {
                DeviceId peer = macs.get(r.packet().ethDst());
                if (peer == null || peer.equals(at)) {
                    hops.add(new Hop(at, port, r, "out of the uplink (port " + uplink.toLong() + ") to the fabric, to "
                            + r.packet().ethDst() + " (no DSN of this trace holds it)"));
                    break;
                }
                hops.add(new Hop(at, port, r, "out of the uplink (port " + uplink.toLong() + ") to " + peer));
                PortNumber peerUplink = inventory.uplink(peer);
                if (peerUplink == null) {
                    hops.add(new Hop(peer, -1, null, peer + " has no uplink"));
                    break;
                }
                p = r.packet();
                port = peerUplink.toLong();
                at = peer;
                continue;
            }
            String next;
            if (!r.outputs().isEmpty()) {
                next = "delivered to port" + (r.outputs().size() > 1 ? "s " : " ") + join(r.outputs());
            } else if (!r.controller().isEmpty()) {
                next = "rejected: sent to the controller, which answers the sender (TCP RST or ICMP unreachable)";
            } else if (r.normal()) {
                next = "handed to NORMAL";
            } else {
                next = "dropped";
            }
            hops.add(new Hop(at, port, r, next));
            break;
        }
        return hops;
    }

    /** The DSN whose tunnel endpoint (its encrypted one when {@code secure}) has {@code address}, or null. */
    private DeviceId byAddress(long address, boolean secure) {
        for (DeviceId d : programs.keySet()) {
            TunnelEndpoint t = inventory.tunnel(d, secure);
            if (t != null && (t.underlay().toInt() & 0xffffffffL) == (address & 0xffffffffL)) {
                return d;
            }
        }
        return null;
    }

    private static String ip(long a) {
        a &= 0xffffffffL;
        return ((a >> 24) & 0xff) + "." + ((a >> 16) & 0xff) + "." + ((a >> 8) & 0xff) + "." + (a & 0xff);
    }

    private static String join(List<Long> ports) {
        List<String> s = new ArrayList<>();
        ports.forEach(x -> s.add(Long.toString(x)));
        return String.join(",", s);
    }
}
