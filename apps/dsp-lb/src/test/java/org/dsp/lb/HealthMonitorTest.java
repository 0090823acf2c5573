package org.dsp.lb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dsp.lb.model.CheckType;
import org.dsp.lb.model.HealthCheck;
import org.dsp.spi.ServiceHost;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.TCP;
import org.onosproject.net.DeviceId;

/**
 * The health monitor's probes and state machine, without a network: the segments it sends (from
 * the VIP's MAC and address, out of the backend's port on its DSN) and how the answers a DSN
 * punts move a backend down after {@code fall} failures and up after {@code rise} successes,
 * each change asking the core to compile the tenant again.
 */
class HealthMonitorTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");

    /** A host that records what the monitor sends and which tenants it refreshes. */
    static final class Host implements ServiceHost {
        final List<Object[]> sent = new ArrayList<>();
        final List<String> refreshed = new ArrayList<>();
        /** Whether the DSNs are connected: a probe is sent (and recorded) only then. */
        boolean connected = true;
        /** The host's durable store (null: it keeps nothing), given for every name. */
        Map<String, String> store;

        @Override
        public Map<String, String> durable(String name) {
            return store;
        }

        @Override
        public void refresh(String tenantId) {
            refreshed.add(tenantId);
        }

        @Override
        public boolean emit(DeviceId dsn, long port, byte[] frame) {
            if (connected) {
                sent.add(new Object[] {dsn, port, frame});
            }
            return connected;
        }

        TCP lastSegment() throws Exception {
            return (TCP) ProbePackets.answer(lastFrame()).getPayload();
        }

        Ethernet lastFrame() throws Exception {
            byte[] f = (byte[]) sent.get(sent.size() - 1)[2];
            return Ethernet.deserializer().deserialize(f, 0, f.length);
        }
    }

    static ProbeTarget target(HealthCheck check, int port) {
        return new ProbeTarget("shop", "web", "web-2", D1, 3, MacAddress.valueOf("02:00:00:00:02:02"), Ip4Address.valueOf("10.0.0.22"),
                port, check, Ip4Address.valueOf("10.0.0.100"));
    }

    /** The backend's answer to the last probe: from its MAC/address/port to the VIP's probe socket, as parsed off the wire. */
    static Ethernet answer(Host host, short flags, int seq, int ack, String payload) throws Exception {
        IPv4 probeIp = (IPv4) host.lastFrame().getPayload();
        TCP probe = (TCP) probeIp.getPayload();
        TCP tcp = new TCP();
        tcp.setSourcePort(probe.getDestinationPort());
        tcp.setDestinationPort(probe.getSourcePort());
        tcp.setSequence(seq);
        tcp.setAcknowledge(ack);
        tcp.setFlags(flags);
        tcp.setDataOffset((byte) 5);
        tcp.setWindowSize((short) 1000);
        if (payload != null) {
            tcp.setPayload(new Data(payload.getBytes(StandardCharsets.US_ASCII)));
        }
        IPv4 ip = new IPv4();
        ip.setSourceAddress(probeIp.getDestinationAddress());
        ip.setDestinationAddress(probeIp.getSourceAddress());
        ip.setProtocol(IPv4.PROTOCOL_TCP);
        ip.setTtl((byte) 64);
        ip.setPayload(tcp);
        Ethernet eth = new Ethernet();
        eth.setSourceMACAddress(host.lastFrame().getDestinationMAC());
        eth.setDestinationMACAddress(host.lastFrame().getSourceMAC());
        eth.setEtherType(Ethernet.TYPE_IPV4);
        eth.setPayload(ip);
        byte[] wire = eth.serialize();
        return Ethernet.deserializer().deserialize(wire, 0, wire.length);
    }

    @SuppressWarnings("unchecked")
    static String state(HealthMonitor m) {
        Map<String, Object> lb = (Map<String, Object>) m.state("shop").get("web");
        return String.valueOf(((Map<String, Object>) lb.values().iterator().next()).get("state"));
    }

    @Test
    void aTcpProbeIsASynFromTheVipAndRefusalsTakeTheBackendDownThenSynAcksBringItBack() throws Exception {
        HealthCheck tcp = HealthCheck.builder(CheckType.TCP).intervalSeconds(1).timeoutSeconds(1).rise(2).fall(2).build();
        Host host = new Host();
        HealthMonitor m = monitor(host);
        assertEquals(1, m.track("shop", "web", List.of(target(tcp, 8080))).size(), "a backend starts up");
        m.tick();
        assertEquals(1, host.sent.size());
        assertEquals(D1, host.sent.get(0)[0]);
        assertEquals(3L, host.sent.get(0)[1], "out of the backend's port on its DSN");
        Ethernet syn = host.lastFrame();
        assertEquals(MacAddress.valueOf("0a:00:0a:00:00:64"), syn.getSourceMAC(), "from the MAC the VIP answers ARP with");
        assertEquals(MacAddress.valueOf("02:00:00:00:02:02"), syn.getDestinationMAC());
        IPv4 ip = (IPv4) syn.getPayload();
        assertEquals(Ip4Address.valueOf("10.0.0.100").toInt(), ip.getSourceAddress());
        assertEquals(Ip4Address.valueOf("10.0.0.22").toInt(), ip.getDestinationAddress());
        TCP s = (TCP) ip.getPayload();
        assertEquals(ProbePackets.SYN, s.getFlags());
        assertEquals(8080, s.getDestinationPort());
        // refused twice: down, and the tenant is compiled again
        m.packetIn(D1, 3, answer(host, (short) (ProbePackets.RST | ProbePackets.ACK), 0, s.getSequence() + 1, null));
        assertEquals("up", state(m), "one failure is not fall=2");
        m.track("shop", "web", List.of(target(tcp, 8080)));
        forceDue(m);
        m.tick();
        TCP s2 = host.lastSegment();
        m.packetIn(D1, 3, answer(host, (short) (ProbePackets.RST | ProbePackets.ACK), 0, s2.getSequence() + 1, null));
        assertEquals("down", state(m));
        assertEquals(List.of("shop"), host.refreshed);
        // the same as metrics (ServiceApp.metrics): down, two checks completed; nothing of another tenant
        List<org.dsp.spi.ServiceMetric> metrics = m.metrics("shop");
        assertEquals(List.of("dsp_lb_backend_up", "dsp_lb_health_checks_total"),
                metrics.stream().map(org.dsp.spi.ServiceMetric::name).collect(java.util.stream.Collectors.toList()));
        assertEquals(0.0, metrics.get(0).samples().get(0).value());
        assertEquals(Map.of("load_balancer", "web", "backend", "web-2:8080"), metrics.get(0).samples().get(0).labels());
        assertEquals(2.0, metrics.get(1).samples().get(0).value());
        assertTrue(metrics.stream().allMatch(x -> x.belongsTo("lb")));
        assertEquals(List.of(), m.metrics("other"));
        assertTrue(m.track("shop", "web", List.of(target(tcp, 8080))).isEmpty(), "the compile leaves it out");
        // two SYN-ACKs: up again; each is answered with an RST so the backend keeps no half-open connection
        for (int i = 0; i < 2; i++) {
            forceDue(m);
            m.tick();
            TCP probe = host.lastSegment();
            m.packetIn(D1, 3, answer(host, (short) (ProbePackets.SYN | ProbePackets.ACK), 5000, probe.getSequence() + 1, null));
            TCP rst = host.lastSegment();
            assertEquals(ProbePackets.RST, rst.getFlags());
            assertEquals(probe.getSequence() + 1, rst.getSequence());
        }
        assertEquals("up", state(m));
        assertEquals(List.of("shop", "shop"), host.refreshed);
        // an answer from another DSN, or to a socket with no probe in flight, changes nothing
        forceDue(m);
        m.tick();
        TCP probe = host.lastSegment();
        m.packetIn(DeviceId.deviceId("of:0000000000000002"), 3,
                answer(host, (short) (ProbePackets.RST | ProbePackets.ACK), 0, probe.getSequence() + 1, null));
        assertEquals("up", state(m));
    }

    @Test
    void anHttpProbeSendsItsGetOnTheHandshakeAndReadsTheStatus() throws Exception {
        HealthCheck http = HealthCheck.builder(CheckType.HTTP).path("/healthz").expectStatus(200).intervalSeconds(1).timeoutSeconds(1)
                .rise(1).fall(1).build();
        Host host = new Host();
        HealthMonitor m = monitor(host);
        m.track("shop", "web", List.of(target(http, 8081)));
        m.tick();
        TCP syn = host.lastSegment();
        m.packetIn(D1, 3, answer(host, (short) (ProbePackets.SYN | ProbePackets.ACK), 7000, syn.getSequence() + 1, null));
        TCP get = host.lastSegment();
        assertEquals(ProbePackets.ACK | ProbePackets.PSH, get.getFlags());
        assertEquals(syn.getSequence() + 1, get.getSequence());
        assertEquals(7001, get.getAcknowledge());
        String request = new String(ProbePackets.payload(get), StandardCharsets.US_ASCII);
        assertTrue(request.startsWith("GET /healthz HTTP/1.0\r\n"), request);
        m.packetIn(D1, 3, answer(host, (short) (ProbePackets.ACK | ProbePackets.PSH), 7001, get.getSequence() + request.length(),
                "HTTP/1.0 404 File not found\r\n\r\n"));
        assertEquals("down", state(m));
        assertTrue(String.valueOf(((Map<?, ?>) ((Map<?, ?>) m.state("shop").get("web")).values().iterator().next()).get("lastError"))
                .contains("HTTP status 404"));
        assertEquals(ProbePackets.RST, host.lastSegment().getFlags(), "the probe's connection is reset");
        forceDue(m);
        m.tick();
        TCP syn2 = host.lastSegment();
        m.packetIn(D1, 3, answer(host, (short) (ProbePackets.SYN | ProbePackets.ACK), 9000, syn2.getSequence() + 1, null));
        TCP get2 = host.lastSegment();
        m.packetIn(D1, 3, answer(host, ProbePackets.ACK, 9001, get2.getSequence() + get2.getPayload().serialize().length,
                "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n"));
        assertEquals("up", state(m));
    }

    @Test
    void noAnswerWithinTheTimeoutIsAFailure() throws Exception {
        HealthCheck tcp = HealthCheck.builder(CheckType.TCP).intervalSeconds(1).timeoutSeconds(1).rise(1).fall(1).build();
        Host host = new Host();
        HealthMonitor m = monitor(host);
        m.track("shop", "web", List.of(target(tcp, 8080)));
        m.tick();
        Thread.sleep(1100); // the probe's one-second timeout passes (a bounded wait for a real clock, not a timing assertion)
        m.tick();
        assertEquals("down", state(m));
        assertTrue(m.state("shop").toString().contains("no answer within 1 s"), m.state("shop").toString());
    }

    @Test
    void aProbeItsDsnCannotSendCountsForNothingWhileARestartedControllerWaitsThenAsAFailure() {
        HealthCheck tcp = HealthCheck.builder(CheckType.TCP).intervalSeconds(1).timeoutSeconds(1).rise(1).fall(1).build();
        Host disconnected = new Host();
        disconnected.connected = false; // the backend's DSN has not reconnected
        HealthMonitor restarted = new HealthMonitor();
        restarted.attach(disconnected); // the grace after a start
        restarted.track("shop", "web", List.of(target(tcp, 8080)));
        for (int i = 0; i < 5; i++) {
            forceDue(restarted);
            restarted.tick();
        }
        assertEquals("up", state(restarted), "five probes that could not be sent, fall 1: still up");
        assertEquals(List.of(), disconnected.refreshed, "no tenant compiled again");
        assertTrue(restarted.state("shop").toString().contains("is not connected"), restarted.state("shop").toString());

        HealthMonitor running = new HealthMonitor();
        running.attach(disconnected, 0); // past the grace: the server went away
        running.track("shop", "web", List.of(target(tcp, 8080)));
        forceDue(running);
        running.tick();
        assertEquals("down", state(running));
        assertEquals(List.of("shop"), disconnected.refreshed);
    }

    @Test
    void aRestartedControllerCompilesABackendThatWasDownAsDownUntilItRises() throws Exception {
        HealthCheck tcp = HealthCheck.builder(CheckType.TCP).intervalSeconds(1).timeoutSeconds(1).rise(2).fall(2).build();
        Host host = new Host();
        host.store = new java.util.HashMap<>();
        HealthMonitor before = monitor(host);
        before.track("shop", "web", List.of(target(tcp, 8080)));
        refuse(before, host, 2);
        assertEquals("down", state(before));
        assertEquals(java.util.Set.of("shop/web/web-2:8080"), host.store.keySet());
        before.stop(); // the controller stops: what it knew stays in the store

        HealthMonitor after = monitor(host);
        assertTrue(after.track("shop", "web", List.of(target(tcp, 8080))).isEmpty(), "compiled down, as before the restart");
        assertTrue(after.state("shop").toString().contains("connection refused"), after.state("shop").toString());
        for (int i = 0; i < 2; i++) {
            forceDue(after);
            after.tick();
            after.packetIn(D1, 3, answer(host, (short) (ProbePackets.SYN | ProbePackets.ACK), 5000, host.lastSegment().getSequence() + 1, null));
        }
        assertEquals("up", state(after));
        assertEquals(Map.of(), host.store, "no longer kept down");
        refuse(after, host, 2);
        assertEquals(1, host.store.size());
        // a dry run of a document without web-2, undone: web-2 is down again at once, as the switches hold it
        after.track("shop", "web", List.of());
        assertEquals(1, host.store.size(), "kept while it is out of the document");
        assertTrue(after.track("shop", "web", List.of(target(tcp, 8080))).isEmpty(), "down, not started up");
        // the same monitor bound to another core (an in-process restart) begins from the store, not its memory
        host.store.clear();
        Host next = new Host();
        next.store = host.store;
        after.attach(next);
        assertEquals(1, after.track("shop", "web", List.of(target(tcp, 8080))).size(), "the store holds nothing down: up");
    }

    @Test
    void aLoadBalancerTheDocumentNoLongerHasIsProbedNoMore() throws Exception {
        HealthCheck tcp = HealthCheck.builder(CheckType.TCP).intervalSeconds(1).timeoutSeconds(1).rise(2).fall(2).build();
        Host host = new Host();
        HealthMonitor m = monitor(host);
        m.track("shop", "web", List.of(target(tcp, 8080)));
        m.retain("shop", java.util.Set.of("web"));
        forceDue(m);
        m.tick();
        assertEquals(1, host.sent.size(), "kept: probed");
        m.retain("shop", java.util.Set.of("api"));
        forceDue(m);
        m.tick();
        assertEquals(1, host.sent.size(), "gone from the document: no probe");
        assertEquals(Map.of(), m.state("shop"));
    }

    @Test
    void aTrialCompileWithoutTheBackendKeepsItsHealthWithoutAStore() throws Exception {
        HealthCheck tcp = HealthCheck.builder(CheckType.TCP).intervalSeconds(1).timeoutSeconds(1).rise(2).fall(2).build();
        Host host = new Host(); // no durable store: memory alone must hold it
        HealthMonitor m = monitor(host);
        m.track("shop", "web", List.of(target(tcp, 8080)));
        refuse(m, host, 2);
        assertEquals("down", state(m));
        m.track("shop", "web", List.of()); // a dry run of a document without web-2 ...
        m.retain("shop", java.util.Set.of()); // ... or without the load balancer
        int sent = host.sent.size();
        forceDue(m);
        m.tick();
        assertEquals(sent, host.sent.size(), "not probed while out of the document");
        assertTrue(m.track("shop", "web", List.of(target(tcp, 8080))).isEmpty(), "undone: down at once, as the switches hold it");
        assertEquals("down", state(m));
    }

    /** Probes {@code times} times, each refused by the backend. */
    private static void refuse(HealthMonitor m, Host host, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            forceDue(m);
            m.tick();
            m.packetIn(D1, 3, answer(host, (short) (ProbePackets.RST | ProbePackets.ACK), 0, host.lastSegment().getSequence() + 1, null));
        }
    }

    /** A monitor using {@code host}, ticked by hand. */
    private static HealthMonitor monitor(Host host) {
        HealthMonitor m = new HealthMonitor();
        m.attach(host);
        return m;
    }

    /** Makes the next tick probe at once (the interval is a second; the test does not wait for it). */
    private static void forceDue(HealthMonitor m) {
        m.probeNowForTests();
    }
}
