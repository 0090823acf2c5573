package org.dsp.node;

import java.util.Arrays;
import java.util.List;
import org.dsp.app.api.TenantRecord;
import org.dsp.app.api.TenantService;
import org.dsp.driver.ovs.Cookies;
import org.dsp.model.Endpoint;
import org.dsp.node.openflow.OpenFlowServer;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.dsp.ir.Owner;
import org.dsp.node.openflow.PacketIn;
import org.dsp.node.openflow.PacketListener;
import org.dsp.node.openflow.SwitchConnection;
import org.onlab.packet.Data;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.Ethernet;
import org.onlab.packet.ICMP;
import org.onlab.packet.IPv4;
import org.onlab.packet.TCP;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@code reject}: a rule's reject flow sends the packet here (and drops it); the node
 * answers the sender with a TCP RST for TCP, an ICMP destination-unreachable (port unreachable for
 * UDP, administratively prohibited otherwise) for the rest. The answer is delivered straight to
 * the sender's own port when the sender is a workload of a tenant on a connected DSN, else back
 * out the port the packet came in on. IPv4 only for now.
 */
final class RejectResponder implements PacketListener {
    private final TenantService tenants;
    private final OpenFlowServer server;

    RejectResponder(TenantService tenants, OpenFlowServer server) {
        this.tenants = tenants;
        this.server = server;
    }

    /** Finds the switch and port of the workload with this MAC and address, or null. */
    private Object[] locate(MacAddress mac, IpAddress ip) {
        for (String t : tenants.tenants()) {
            TenantRecord r = tenants.tenant(t);
            if (r == null) {
                continue;
            }
            for (Endpoint e : r.document().endpoints().values()) {
                if (e.mac().equals(mac) && e.addresses().contains(ip)) {
                    SwitchConnection sw = server.switches().get(e.attachment().dsn().toString());
                    return sw == null ? null : new Object[] {sw, e.attachment().port().toLong()};
                }
            }
        }
        return null;
    }
    private static final Logger LOG = LoggerFactory.getLogger(RejectResponder.class);
    private static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);
    private static final short FLAG_RST = 0x04;
    private static final short FLAG_SYN = 0x02;
    private static final short FLAG_ACK = 0x10;
    private static final byte UNREACHABLE = 3;
    private static final byte PORT_UNREACHABLE = 3;
    private static final byte ADMIN_PROHIBITED = 13;

    @Override
    public void packetIn(SwitchConnection sw, PacketIn p) {
        if (p.reason() != PacketIn.REASON_ACTION || Cookies.kind(p.cookie()) != Owner.Kind.RULE || p.inPort() < 0) {
            return;
        }
        byte[] answer;
        try {
            answer = answer(p.data());
        } catch (DeserializationException | RuntimeException e) {
            LOG.debug("cannot answer a rejected packet from {}: {}", sw, e.toString());
            return;
        }
        if (answer == null) {
            return;
        }
        SwitchConnection target = sw;
        long port = p.inPort();
        try {
            Ethernet eth = Ethernet.deserializer().deserialize(answer, 0, answer.length);
            Object[] at = locate(eth.getDestinationMAC(), IpAddress.valueOf(((IPv4) eth.getPayload()).getDestinationAddress()));
            if (at != null) {
                target = (SwitchConnection) at[0];
                port = (Long) at[1];
            }
        } catch (DeserializationException e) {
            LOG.debug("cannot locate the sender of a rejected packet: {}", e.toString());
        }
        target.send(F.buildPacketOut().setXid(target.nextXid()).setBufferId(OFBufferId.NO_BUFFER).setInPort(OFPort.CONTROLLER)
                .setActions(List.of(F.actions().output(OFPort.of((int) port), 0xffff))).setData(answer).build());
    }

    /** Returns the answer to a rejected frame, or null when none is due (not IPv4, or a RST itself). */
    static byte[] answer(byte[] frame) throws DeserializationException {
        Ethernet eth = Ethernet.deserializer().deserialize(frame, 0, frame.length);
        if (eth.getEtherType() != Ethernet.TYPE_IPV4) {
            return null;
        }
        IPv4 ip = (IPv4) eth.getPayload();
        IPv4 reply = new IPv4();
        reply.setSourceAddress(ip.getDestinationAddress());
        reply.setDestinationAddress(ip.getSourceAddress());
        reply.setTtl((byte) 64);
        if (ip.getProtocol() == IPv4.PROTOCOL_TCP) {
            TCP tcp = (TCP) ip.getPayload();
            if ((tcp.getFlags() & FLAG_RST) != 0) {
                return null;
            }
            int payload = tcp.getPayload() == null ? 0 : tcp.getPayload().serialize().length;
            TCP rst = new TCP();
            rst.setSourcePort(tcp.getDestinationPort());
            rst.setDestinationPort(tcp.getSourcePort());
            rst.setDataOffset((byte) 5);
            rst.setWindowSize((short) 0);
            if ((tcp.getFlags() & FLAG_ACK) != 0) {
                rst.setSequence(tcp.getAcknowledge());
                rst.setFlags(FLAG_RST);
            } else {
                rst.setSequence(0);
                rst.setAcknowledge(tcp.getSequence() + payload + ((tcp.getFlags() & FLAG_SYN) != 0 ? 1 : 0));
                rst.setFlags((short) (FLAG_RST | FLAG_ACK));
            }
            reply.setProtocol(IPv4.PROTOCOL_TCP);
            reply.setPayload(rst);
        } else {
            byte[] original = ip.serialize();
            int keep = Math.min(original.length, ip.getHeaderLength() * 4 + 8);
            byte[] body = new byte[4 + keep]; // 4 unused bytes, then the offending header and 8 bytes
            System.arraycopy(Arrays.copyOf(original, keep), 0, body, 4, keep);
            ICMP icmp = new ICMP();
            icmp.setIcmpType(UNREACHABLE);
            icmp.setIcmpCode(ip.getProtocol() == IPv4.PROTOCOL_UDP ? PORT_UNREACHABLE : ADMIN_PROHIBITED);
            icmp.setPayload(new Data(body));
            reply.setProtocol(IPv4.PROTOCOL_ICMP);
            reply.setPayload(icmp);
        }
        Ethernet out = new Ethernet();
        out.setSourceMACAddress(eth.getDestinationMAC());
        out.setDestinationMACAddress(eth.getSourceMAC());
        out.setEtherType(Ethernet.TYPE_IPV4);
        out.setPayload(reply);
        return out.serialize();
    }
}
