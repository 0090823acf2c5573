package org.dsp.node.flowlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dsp.app.api.FlowRecord;
import org.junit.jupiter.api.Test;

/**
 * The collector takes records only from a connected DSN's own address and only for that DSN,
 * names their tenant and rule, and drops what names no known rule; a flood of refusals reports
 * one security event per kind and interval. Fed with the messages Open vSwitch 3.1 really sent
 * ({@link IpfixDecoderTest}).
 */
class IpfixCollectorTest {
    private static final InetAddress DSN_ADDRESS = InetAddress.getLoopbackAddress();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final long[] now = {1_000_000};

    private IpfixCollector collector(FlowLogStore store, IpfixCollector.RuleNames names) throws Exception {
        return new IpfixCollector(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), DSN_ADDRESS::equals,
                (a, dsn) -> a.equals(DSN_ADDRESS) && dsn.equals("of:00000000000000aa"), names, store,
                (kind, detail) -> events.add(kind + ": " + detail), () -> now[0]);
    }

    @Test
    void recordsOfTheDsnAtItsAddressBecomeFlowLogsWithTheirRule() throws Exception {
        FlowLogStore store = new FlowLogStore(100, 3600, () -> now[0]);
        try (IpfixCollector c = collector(store, (t, r) -> t == 13394 && r == 0x23ed8c6 ? new String[] {"acme", "db-in"} : null)) {
            for (ByteBuffer m : IpfixDecoderTest.captured()) {
                c.receive(DSN_ADDRESS, 4000, m);
            }
            assertEquals(2, c.accepted());
            List<FlowRecord> r = store.records("acme", x -> true, 10);
            assertEquals(2, r.size());
            FlowRecord out = r.stream().filter(x -> x.src().equals("10.9.0.1")).findFirst().orElseThrow();
            assertEquals("db-in", out.rule());
            assertEquals("allow", out.verdict());
            assertEquals("egress", out.direction());
            assertEquals("of:00000000000000aa", out.dsn());
            assertEquals(5001, out.dstPort());
            assertEquals(7, out.packets());
            assertTrue(out.closed());
            assertEquals(List.of(), events);
        }
    }

    @Test
    void aReplysRecordCountsForItsConnectionsRecord() throws Exception {
        FlowLogStore store = new FlowLogStore(100, 3600, () -> now[0]);
        try (IpfixCollector c = collector(store, (t, r) -> t == 13394 && r == 0x23ed8c6 ? new String[] {"acme", "app-out"} : null)) {
            List<ByteBuffer> messages = IpfixDecoderTest.captured();
            int marked = 0;
            for (ByteBuffer m : messages) { // the second record (10.9.0.2:5001 back to 10.9.0.1) as ct_state samples a reply
                byte[] b = m.array();
                for (int i = 0; i + 4 <= b.length; i++) {
                    if (b[i] == 0x06 && b[i + 1] == 0x3e && b[i + 2] == (byte) 0xd8 && b[i + 3] == (byte) 0xc6 && marked++ == 1) {
                        b[i] = 0x46; // SamplePoint's reply bit (30)
                    }
                }
            }
            assertEquals(2, marked, "the capture's two records");
            for (ByteBuffer m : messages) {
                c.receive(DSN_ADDRESS, 4000, m);
            }
            assertEquals(2, c.accepted());
            List<FlowRecord> r = store.records("acme", x -> true, 10);
            assertEquals(1, r.size(), "one connection: " + r);
            FlowRecord conn = r.get(0);
            assertEquals("10.9.0.1", conn.src());
            assertEquals(60190, conn.srcPort());
            assertEquals("10.9.0.2", conn.dst());
            assertEquals(5001, conn.dstPort());
            assertEquals(7, conn.packets());
            assertEquals(3372, conn.bytes());
            assertEquals(5, conn.replyPackets());
            assertEquals(268, conn.replyBytes());
        }
    }

    @Test
    void anotherAddressOrAnotherDsnIsRefusedAndReportedOnce() throws Exception {
        FlowLogStore store = new FlowLogStore(100, 3600, () -> now[0]);
        try (IpfixCollector c = collector(store, (t, r) -> new String[] {"acme", "db-in"})) {
            InetAddress stranger = InetAddress.getByAddress(new byte[] {10, 0, 0, 99});
            for (ByteBuffer m : IpfixDecoderTest.captured()) {
                c.receive(stranger, 4000, m);
            }
            assertEquals(22, c.refused(), "every message from an address no DSN connects from");
            assertEquals(0, store.size());
            assertEquals(1, events.size(), events.toString());
            assertTrue(events.get(0).startsWith("ipfix-unknown-exporter: IPFIX message from 10.0.0.99"), events.get(0));
        }
        events.clear();
        try (IpfixCollector c = new IpfixCollector(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), DSN_ADDRESS::equals,
                (a, dsn) -> dsn.equals("of:00000000000000bb"), (t, r) -> new String[] {"acme", "db-in"}, store,
                (kind, detail) -> events.add(kind), () -> now[0])) {
            for (ByteBuffer m : IpfixDecoderTest.captured()) {
                c.receive(DSN_ADDRESS, 4000, m);
            }
            assertEquals(2, c.refused(), "both records name a DSN that is not connected from their address");
            assertEquals(0, store.size());
            assertEquals(List.of("ipfix-identity-mismatch"), events);
        }
    }

    @Test
    void unknownRulesAreCountedAndDropped() throws Exception {
        FlowLogStore store = new FlowLogStore(100, 3600, () -> now[0]);
        try (IpfixCollector c = collector(store, (t, r) -> null)) {
            for (ByteBuffer m : IpfixDecoderTest.captured()) {
                c.receive(DSN_ADDRESS, 4000, m);
            }
            assertEquals(2, c.unknownRule());
            assertEquals(0, c.accepted());
            assertEquals(0, store.size());
        }
    }

    @Test
    void receivesOverUdp() throws Exception {
        FlowLogStore store = new FlowLogStore(100, 3600, () -> now[0]);
        try (IpfixCollector c = collector(store, (t, r) -> new String[] {"acme", "db-in"});
             DatagramSocket s = new DatagramSocket(new InetSocketAddress(DSN_ADDRESS, 0))) {
            for (ByteBuffer m : IpfixDecoderTest.captured()) {
                s.send(new DatagramPacket(m.array(), m.remaining(), c.address()));
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (store.size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2, store.size());
        }
    }

    @Test
    void aFloodOfSourcePortsKeepsTwoExportersPerAddress() throws Exception {
        FlowLogStore store = new FlowLogStore(100, 3600, () -> now[0]);
        try (IpfixCollector c = collector(store, (t, r) -> new String[] {"acme", "db-in"})) {
            List<ByteBuffer> m = IpfixDecoderTest.captured();
            for (int i = 0; i < 18; i++) {
                c.receive(DSN_ADDRESS, 4000, m.get(i).duplicate()); // the real exporter's templates
            }
            for (int port = 5000; port < 7000; port++) { // a forger's templates from 2000 source ports
                c.receive(DSN_ADDRESS, port, m.get(0).duplicate());
            }
            c.receive(DSN_ADDRESS, 4000, m.get(20).duplicate());
            assertEquals(0, c.accepted(), "the real exporter's templates were pushed out: its data is unknown, not misread");
            assertEquals(1, c.undecodable());
            for (int i = 0; i < 18; i++) {
                c.receive(DSN_ADDRESS, 4000, m.get(i).duplicate()); // OVS announces them again (the node remakes the export)
            }
            c.receive(DSN_ADDRESS, 4000, m.get(20).duplicate());
            assertEquals(1, c.accepted());
        }
    }

    @Test
    void whatARecordClaimsIsLoggedPrintable() {
        assertEquals("of:00?x?", IpfixCollector.printable("of:00\nx\u0007"));
        assertEquals(43, IpfixCollector.printable("a".repeat(5000)).length());
        assertEquals("(none)", IpfixCollector.printable(null));
    }
}
