package org.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dsp.spi.ServiceHost;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onlab.packet.UDP;
import org.onosproject.net.DeviceId;

/**
 * The instances' health: each is probed out of its port; an instance that passes its probes on
 * stays up, one that stops is down after {@link ChainHealth#FALL} probes without an answer and up
 * again after {@link ChainHealth#RISE} answers, and each change has the tenant compiled again. A
 * routed instance's probe comes at its own MAC addressed to its gateway; a transparent one's at
 * another MAC.
 */
class ChainHealthTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");

    /** A host that records the probes sent and the tenants refreshed. */
    static class Host implements ServiceHost {
        final List<byte[]> sent = new ArrayList<>();
        final List<String> refreshed = new ArrayList<>();

        @Override
        public void refresh(String tenantId) {
            refreshed.add(tenantId);
        }

        @Override
        public boolean emit(DeviceId dsn, long port, byte[] frame) {
            sent.add(frame);
            return true;
        }
    }

    long now = 1_000_000;

    @Test
    void anInstanceThatStopsPassingItsProbesIsDownThenUpAgain() throws Exception {
        ChainHealth h = new ChainHealth(() -> now);
        Host host = new Host();
        h.attach(host);
        ChainHealth.Target ids = new ChainHealth.Target("red", "red-ids-1", D1, 13, MacAddress.valueOf("02:00:00:0a:01:1f"), false, null);
        assertEquals(Set.of(), h.track("red", List.of(ids)), "instances start up");
        // answering: every probe comes back
        for (int i = 0; i < 5; i++) {
            h.tick();
            h.answer(D1, 13, Ethernet.deserializer().deserialize(host.sent.get(host.sent.size() - 1), 0, host.sent.get(host.sent.size() - 1).length));
            now += ChainHealth.INTERVAL_MILLIS;
        }
        assertEquals(Set.of(), h.track("red", List.of(ids)));
        assertEquals(List.of(), host.refreshed);
        // silent: down after FALL timed-out probes
        for (int i = 0; i < ChainHealth.FALL; i++) {
            h.tick();
            now += ChainHealth.INTERVAL_MILLIS;
        }
        h.tick();
        assertEquals(Set.of("red-ids-1"), h.track("red", List.of(ids)));
        assertEquals(List.of("red"), host.refreshed);
        // an answer from another port does not count
        h.answer(DeviceId.deviceId("of:0000000000000002"), 13, frame(host));
        // answering again: up after RISE
        for (int i = 0; i < ChainHealth.RISE; i++) {
            now += ChainHealth.INTERVAL_MILLIS;
            h.tick();
            h.answer(D1, 13, frame(host));
        }
        assertEquals(Set.of(), h.track("red", List.of(ids)));
        assertEquals(List.of("red", "red"), host.refreshed);
        assertTrue(h.state("red").get(0).get("up").equals(Boolean.TRUE), h.state("red").toString());
        List<org.dsp.spi.ServiceMetric> metrics = h.metrics("red");
        assertEquals("dsp_chain_instance_up", metrics.get(0).name());
        assertEquals(1.0, metrics.get(0).samples().get(0).value());
        assertEquals("red-ids-1", metrics.get(0).samples().get(0).labels().get("instance"));
        assertTrue(metrics.get(1).samples().get(0).value() >= ChainHealth.RISE, "checks completed: " + metrics.get(1).samples());
        assertTrue(metrics.stream().allMatch(x -> x.belongsTo("chain")), "named for the chain service");
    }

    @Test
    void probesThatCannotBeSentCountForNothing() throws Exception {
        ChainHealth h = new ChainHealth(() -> now);
        Host disconnected = new Host() {
            @Override
            public boolean emit(DeviceId dsn, long port, byte[] frame) {
                sent.add(frame);
                return false; // the DSN is not connected (a restarted node waiting for its switches)
            }
        };
        h.attach(disconnected);
        ChainHealth.Target ids = new ChainHealth.Target("red", "red-ids-1", D1, 13, MacAddress.valueOf("02:00:00:0a:01:1f"), false, null);
        h.track("red", List.of(ids));
        for (int i = 0; i < 3 * ChainHealth.FALL; i++) {
            h.tick();
            now += ChainHealth.INTERVAL_MILLIS;
        }
        assertTrue(disconnected.sent.size() >= 3 * ChainHealth.FALL - 1, "it kept trying: " + disconnected.sent.size());
        assertEquals(Set.of(), h.track("red", List.of(ids)), "an instance is never found down for the controller's own absence");
        assertEquals(List.of(), disconnected.refreshed);
        // a monitor that just started (a restarted node): unanswered probes count only after the grace
        ChainHealth g = new ChainHealth(() -> now);
        Host host = new Host();
        g.attach(host, ChainHealth.GRACE_MILLIS);
        g.track("red", List.of(ids));
        long graceEnds = now + ChainHealth.GRACE_MILLIS;
        while (now < graceEnds) {
            g.tick();
            now += ChainHealth.INTERVAL_MILLIS;
        }
        assertEquals(Set.of(), g.track("red", List.of(ids)), "no verdict within the grace");
        for (int i = 0; i <= ChainHealth.FALL; i++) {
            g.tick();
            now += ChainHealth.INTERVAL_MILLIS;
        }
        assertEquals(Set.of("red-ids-1"), g.track("red", List.of(ids)), "after it, silence counts");
    }

    @Test
    void aRestartedControllerCompilesAnInstanceThatWasDownAsDownUntilItAnswers() throws Exception {
        java.util.Map<String, String> store = new java.util.HashMap<>(); // the host's durable store: survives the controller
        class Durable extends Host {
            @Override
            public java.util.Map<String, String> durable(String name) {
                return ChainHealth.DURABLE.equals(name) ? store : null;
            }
        }
        ChainHealth.Target ids = new ChainHealth.Target("red", "red-ids-1", D1, 13, MacAddress.valueOf("02:00:00:0a:01:1f"), false, null);
        ChainHealth before = new ChainHealth(() -> now);
        before.attach(new Durable());
        before.track("red", List.of(ids));
        for (int i = 0; i <= ChainHealth.FALL; i++) {
            before.tick();
            now += ChainHealth.INTERVAL_MILLIS;
        }
        assertEquals(Set.of("red-ids-1"), before.track("red", List.of(ids)));
        assertTrue(store.containsKey("red/red-ids-1"), store.toString());
        before.stop(); // the controller stops: what it knew stays in the store

        ChainHealth after = new ChainHealth(() -> now);
        Durable host = new Durable();
        after.attach(host, ChainHealth.GRACE_MILLIS);
        assertEquals(Set.of("red-ids-1"), after.track("red", List.of(ids)), "compiled down, as before the restart");
        assertTrue(after.state("red").toString().contains("no answer"), after.state("red").toString());
        for (int i = 0; i < ChainHealth.RISE; i++) {
            now += ChainHealth.INTERVAL_MILLIS;
            after.tick();
            after.answer(D1, 13, frame(host));
        }
        assertEquals(Set.of(), after.track("red", List.of(ids)), "up once it answers");
        assertEquals(java.util.Map.of(), store, "and no longer kept down");
        // down again (past the restart's grace); the tenant goes (or a trial compile's re-keying
        // forgets it): the store keeps it down, so no forget can unprogram what the switches hold
        now += ChainHealth.GRACE_MILLIS;
        for (int i = 0; i <= ChainHealth.FALL + 1; i++) {
            now += ChainHealth.INTERVAL_MILLIS;
            after.tick();
        }
        assertEquals(Set.of("red-ids-1"), after.track("red", List.of(ids)));
        after.forget("red");
        assertEquals(Set.of("red/red-ids-1"), store.keySet());
        assertEquals(Set.of("red-ids-1"), after.track("red", List.of(ids)), "tracked again: down, until it answers");
        // the same monitor bound to another core (an in-process restart) begins from the store, not its memory
        store.clear();
        after.attach(new Durable(), 0);
        assertEquals(Set.of(), after.track("red", List.of(ids)), "the store holds nothing down: up");
    }

    @Test
    void onlyTheControllerThatProgramsTheDsnKeepsAnInstancesHealth() throws Exception {
        java.util.Map<String, String> store = new java.util.HashMap<>();
        Host other = new Host() { // a cluster member that is not the DSN's master: it never sees the answers
            @Override
            public java.util.Map<String, String> durable(String name) {
                return store;
            }

            @Override
            public boolean programs(DeviceId dsn) {
                return false;
            }
        };
        ChainHealth h = new ChainHealth(() -> now);
        h.attach(other);
        ChainHealth.Target ids = new ChainHealth.Target("red", "red-ids-1", D1, 13, MacAddress.valueOf("02:00:00:0a:01:1f"), false, null);
        h.track("red", List.of(ids));
        for (int i = 0; i <= ChainHealth.FALL; i++) {
            h.tick();
            now += ChainHealth.INTERVAL_MILLIS;
        }
        assertEquals(Set.of("red-ids-1"), h.track("red", List.of(ids)), "down in its own view");
        assertEquals(java.util.Map.of(), store, "not kept: the master's view is what a restart compiles");
    }

    @Test
    void aTrialCompileWithoutTheInstanceKeepsItsHealth() throws Exception {
        ChainHealth h = new ChainHealth(() -> now);
        Host host = new Host();
        h.attach(host);
        ChainHealth.Target ids = new ChainHealth.Target("red", "red-ids-1", D1, 13, MacAddress.valueOf("02:00:00:0a:01:1f"), false, null);
        h.track("red", List.of(ids));
        for (int i = 0; i <= ChainHealth.FALL; i++) {
            h.tick();
            now += ChainHealth.INTERVAL_MILLIS;
        }
        assertEquals(Set.of("red-ids-1"), h.track("red", List.of(ids)));
        int sent = host.sent.size();
        h.track("red", List.of()); // a dry run of a document without it
        now += ChainHealth.INTERVAL_MILLIS;
        h.tick();
        assertEquals(sent, host.sent.size(), "an instance no compile names is not probed");
        assertEquals(List.of(), h.state("red"));
        assertEquals(Set.of("red-ids-1"), h.track("red", List.of(ids)), "undone with the stored document: still down, not new");
        h.forget("red");
        assertEquals(Set.of(), h.track("red", List.of(ids)), "a tenant that went and came back starts afresh");
    }

    @Test
    void probesComeFromTheProbeSourceAtTheInstanceOrAnotherMac() throws Exception {
        ChainHealth.Target fw = new ChainHealth.Target("red", "red-fw-1", D1, 14, MacAddress.valueOf("02:00:00:0a:02:29"), true,
                Ip4Address.valueOf("10.10.2.1"));
        Ethernet routed = Ethernet.deserializer().deserialize(ChainHealth.probe(fw, 7), 0, ChainHealth.probe(fw, 7).length);
        assertEquals(MacAddress.valueOf("02:00:00:0a:02:29"), routed.getDestinationMAC());
        IPv4 ip = (IPv4) routed.getPayload();
        assertEquals(ChainHealth.PROBE_SOURCE.toInt(), ip.getSourceAddress());
        assertEquals(Ip4Address.valueOf("10.10.2.1").toInt(), ip.getDestinationAddress(), "a routed instance routes it to its gateway");
        assertEquals(ChainHealth.PROBE_PORT, ((UDP) ip.getPayload()).getDestinationPort());
        ChainHealth.Target ids = new ChainHealth.Target("red", "red-ids-1", D1, 13, MacAddress.valueOf("02:00:00:0a:01:1f"), false, null);
        Ethernet transparent = Ethernet.deserializer().deserialize(ChainHealth.probe(ids, 7), 0, ChainHealth.probe(ids, 7).length);
        assertEquals(ChainHealth.PROBE_MAC, transparent.getDestinationMAC(), "a transparent instance gets frames for others");
    }

    static Ethernet frame(Host host) throws Exception {
        byte[] f = host.sent.get(host.sent.size() - 1);
        return Ethernet.deserializer().deserialize(f, 0, f.length);
    }
}
