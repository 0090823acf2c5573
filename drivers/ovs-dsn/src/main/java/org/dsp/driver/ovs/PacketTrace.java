package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.model.Endpoint;
import org.dsp.model.TenantDocument;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;

/**
 * One packet's trace, for {@code dsp trace} and the REST API: the packet a request names (a
 * tenant's endpoint sending to another endpoint or an address, a service, a state), walked by the
 * {@link Tracer} through the compiled programs, reported as text and as a JSON-ready map: per
 * DSN the flows hit with their owners, where the packet went, and the rules or isolations that
 * decided. Bad requests throw IllegalArgumentException naming the parameter.
 */
public final class PacketTrace {
    private PacketTrace() {
    }

    /**
     * Traces a packet of tenant {@code tenant} (one of {@code docs}) from endpoint {@code from} to
     * {@code to} (an endpoint's name or an address) on {@code service} (tcp/PORT, udp/PORT,
     * sctp/PORT, icmp) from {@code srcPort}, in {@code state} new, established or reply.
     */
    public static Map<String, Object> trace(List<TenantDocument> docs, String tenant, Map<DeviceId, DsnProgram> programs,
                                            Inventory inventory, String from, String to, String service, int srcPort,
                                            String state) {
        TenantDocument doc = null;
        for (TenantDocument d : docs) {
            if (d.tenantId().equals(tenant)) {
                doc = d;
            }
        }
        if (doc == null) {
            throw new IllegalArgumentException("tenant: no tenant " + tenant);
        }
        Endpoint src = from == null ? null : doc.endpoints().get(from);
        if (src == null || src.addresses().isEmpty()) {
            throw new IllegalArgumentException("from: no endpoint '" + from + "' with an address in tenant " + tenant);
        }
        Endpoint dst = to == null ? null : doc.endpoints().get(to);
        IpAddress dstIp;
        try {
            dstIp = dst != null ? first(dst, src.addresses().get(0).isIp4()) : IpAddress.valueOf(to);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("to: '" + to + "' is neither an endpoint of tenant " + tenant + " nor an IP address");
        }
        String[] s = service == null ? new String[] {""} : service.split("/");
        int proto;
        switch (s[0]) {
            case "tcp": proto = SimPacket.TCP; break;
            case "udp": proto = SimPacket.UDP; break;
            case "sctp": proto = SimPacket.SCTP; break;
            case "icmp": proto = dstIp.isIp4() ? SimPacket.ICMP : SimPacket.ICMP6; break;
            default: proto = -1;
        }
        boolean icmp = proto == SimPacket.ICMP || proto == SimPacket.ICMP6;
        if (proto < 0 || (!icmp && (s.length != 2 || !s[1].matches("\\d{1,5}") || Integer.parseInt(s[1]) > 65535))) {
            throw new IllegalArgumentException("service: '" + service + "' is not tcp/PORT, udp/PORT, sctp/PORT or icmp");
        }
        if (!List.of("new", "established", "reply").contains(state)) {
            throw new IllegalArgumentException("state: must be new, established or reply, not '" + state + "'");
        }
        if (srcPort < 1 || srcPort > 65535) {
            throw new IllegalArgumentException("srcPort: must be 1..65535");
        }
        if (state.equals("reply") && dst == null) {
            throw new IllegalArgumentException("to: the reply needs an endpoint to answer");
        }
        int dport = s.length == 2 ? Integer.parseInt(s[1]) : 0;
        IpAddress srcIp = first(src, dstIp.isIp4());
        MacAddress dstMac = dst != null ? dst.mac() : MacAddress.valueOf("02:ff:00:00:00:01");
        SimPacket p = new SimPacket(src.mac(), dstMac, srcIp, dstIp, proto, srcPort, dport);
        Map<MacAddress, DeviceId> macs = new HashMap<>();
        for (TenantDocument d : docs) {
            for (Endpoint e : d.endpoints().values()) {
                macs.put(e.mac(), e.attachment().dsn());
            }
        }
        Tracer tracer = new Tracer(programs, inventory, macs);
        DeviceId first = src.attachment().dsn();
        long inPort = src.attachment().port().toLong();
        Set<String> committedBy = new LinkedHashSet<>();
        boolean delivered = false;
        if (!state.equals("new")) {
            // the connection's first packet: the DSNs' conntrack now hold it, and its rules are the ones that let it in
            List<Tracer.Hop> opening = tracer.walk(first, inPort, p);
            committedBy.addAll(deciding(opening));
            Tracer.Hop end = opening.get(opening.size() - 1);
            delivered = end.result() != null && !end.result().outputs().isEmpty();
        }
        if (state.equals("established") && delivered) {
            // established as a switch's tracker sees it: the reply came back (before it, TCP stays +new), or for a
            // destination outside, one more packet of the original direction (UDP and others: +est from the third)
            if (dst != null) {
                tracer.walk(dst.attachment().dsn(), dst.attachment().port().toLong(), p.reply());
            } else {
                tracer.walk(first, inPort, p);
            }
        }
        if (state.equals("reply")) {
            p = p.reply();
            first = dst.attachment().dsn();
            inPort = dst.attachment().port().toLong();
        }
        List<Tracer.Hop> hops = tracer.walk(first, inPort, p);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", tenant);
        out.put("packet", (state.equals("reply") ? to : from) + " " + p.ipSrc() + ":" + p.tpSrc() + " -> " + p.ipDst() + ":"
                + p.tpDst() + " (" + service + ")");
        out.put("state", state);
        StringBuilder text = new StringBuilder();
        text.append("trace: tenant ").append(tenant).append(", ").append(out.get("packet")).append(", ")
                .append(state.equals("new") ? "a new connection" : state.equals("established") ? "an established connection"
                        : "the reply").append('\n');
        List<Object> hopList = new ArrayList<>();
        Set<String> deciding = new LinkedHashSet<>();
        String lastNext = "";
        for (Tracer.Hop h : hops) {
            Map<String, Object> hop = new LinkedHashMap<>();
            hop.put("dsn", h.dsn().toString());
            hop.put("inPort", h.inPort());
            String inName = portName(docs, h.dsn(), h.inPort());
            text.append(h.dsn()).append(", in on port ").append(h.inPort()).append(inName).append(":\n");
            List<Object> flows = new ArrayList<>();
            if (h.result() != null) {
                for (DsnFlow f : h.result().matched()) {
                    Map<String, Object> fl = new LinkedHashMap<>();
                    fl.put("table", f.table().number());
                    fl.put("stage", f.table().label());
                    fl.put("priority", f.priority());
                    fl.put("owners", f.owners());
                    fl.put("flow", f.render());
                    flows.add(fl);
                    text.append(String.format("  table %-3d %-16s priority %-6d %s%n", f.table().number(), f.table().label(),
                            f.priority(), f.owners().isEmpty() ? "(pipeline)" : String.join(", ", f.owners())));
                }
            }
            String outName = h.result() != null && h.result().outputs().size() == 1
                    ? portName(docs, h.dsn(), h.result().outputs().get(0)) : "";
            hop.put("flows", flows);
            hop.put("next", h.next() + outName);
            lastNext = h.next() + outName;
            hopList.add(hop);
            text.append("  => ").append(h.next()).append(outName).append('\n');
        }
        deciding.addAll(deciding(hops));
        Tracer.Hop last = hops.get(hops.size() - 1);
        String result = lastNext + " at " + last.dsn();
        String committed = committedBy.isEmpty() ? "" : " (the connection " + String.join("; ", committedBy) + " let in)";
        String decided = !deciding.isEmpty() ? String.join("; ", deciding) : state.equals("new")
                ? "no rule (pipeline and service flows only)" : "conntrack: the connection's entry, committed by its first packet" + committed;
        text.append("result: ").append(result).append('\n').append("decided by: ").append(decided).append('\n');
        out.put("hops", hopList);
        out.put("result", result);
        out.put("decidedBy", new ArrayList<>(deciding));
        out.put("committedBy", new ArrayList<>(committedBy));
        out.put("text", text.toString());
        return out;
    }

    /**
     * The rules and isolation defaults whose flows a walk hit, each with its DSN; not the
     * connection-state stage's flows of logged rules, which sample what conntrack passes.
     */
    private static Set<String> deciding(List<Tracer.Hop> hops) {
        Set<String> out = new LinkedHashSet<>();
        for (Tracer.Hop h : hops) {
            if (h.result() == null) {
                continue;
            }
            for (DsnFlow f : h.result().matched()) {
                if (f.table().equals(Table.CT_STATE)) {
                    continue;
                }
                for (String owner : f.owners()) {
                    if (owner.contains("/rule/") || owner.contains("/isolation/")) {
                        out.add(owner + " on " + h.dsn());
                    }
                }
            }
        }
        return out;
    }

    private static IpAddress first(Endpoint e, boolean v4) {
        for (IpAddress a : e.addresses()) {
            if (a.isIp4() == v4) {
                return a;
            }
        }
        return e.addresses().get(0);
    }

    private static String portName(List<TenantDocument> docs, DeviceId dsn, long port) {
        for (TenantDocument d : docs) {
            for (Endpoint e : d.endpoints().values()) {
                if (e.attachment().dsn().equals(dsn) && e.attachment().port().toLong() == port) {
                    return " (" + d.tenantId() + "/" + e.name() + ")";
                }
            }
        }
        return "";
    }
}
