package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dsp.app.api.RealizationState;
import org.dsp.app.api.StaleVersionException;
import org.dsp.app.api.TenantRecord;
import org.dsp.app.api.TenantStatus;
import org.dsp.firewall.Firewall;
import org.dsp.model.TenantDocument;
import org.dsp.codec.TenantDocumentCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.DefaultFlowRule;
import org.onosproject.net.flow.FlowRule;

/**
 * DSP on an emulated three-member ONOS cluster ({@link EmulatedCluster}): three cores on one
 * store, devices D1, D2, D3 mastered by m1, m2, m3. Each DSN is programmed by its master only;
 * a document applied on any member is realized on every DSN and reported the same by every
 * member; status is the master's word; a mastership move or a stopped member makes the new master
 * reconcile the DSN by difference (no flush) while no member ever says INSTALLED for a program the
 * switch does not hold; two members applying over one version end with one winner.
 */
class EmulatedClusterTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    static final DeviceId D3 = DeviceId.deviceId("of:0000000000000003");
    static final List<DeviceId> DSNS = List.of(D1, D2, D3);
    private EmulatedCluster cluster;

    @BeforeEach
    void start() {
        cluster = new EmulatedCluster(3, DSNS);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** The three-tier example with db-1 behind D3: the tenant has workloads behind all three DSNs. */
    static TenantDocument threeDsns() throws Exception {
        String json = Files.readString(Path.of("../../examples/three-tier.json"));
        int db = json.indexOf("\"db-1\"");
        int at = json.indexOf(D2.toString(), db);
        return TenantDocumentCodec.decode(json.substring(0, at) + D3 + json.substring(at + D2.toString().length()));
    }

    /** Each member's view of each DSN: "state reason" (version checked by the caller's predicate). */
    private static Map<DeviceId, String> view(TenantStatus st) {
        Map<DeviceId, String> out = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        st.dsns().forEach((d, s) -> out.put(d, s.state() + " " + s.reason()));
        return out;
    }

    /**
     * Waits until every live member reports version {@code version} with {@code want} on every DSN
     * of {@code dsns}, and returns the members' views (the caller asserts them).
     */
    private List<TenantStatus> awaitEverywhere(long version, Map<DeviceId, RealizationState> want) throws Exception {
        List<TenantStatus> out = new ArrayList<>();
        java.util.function.Predicate<TenantStatus> done = st -> st.version() == version && want.entrySet().stream()
                .allMatch(w -> st.dsns().get(w.getKey()) != null && st.dsns().get(w.getKey()).state() == w.getValue());
        int i = 0;
        for (DspManager m : cluster.live()) {
            i++;
            TenantStatus st = TestManagers.awaitStatus(m, "acme", done);
            if (st == null || !done.test(st)) {
                StringBuilder all = new StringBuilder();
                for (DspManager each : cluster.live()) {
                    TenantStatus s = each.status("acme");
                    all.append("\n  ").append(s == null ? null : s.version() + " " + view(s));
                }
                throw new AssertionError("live member " + i + ": want version " + version + " " + want + "; the members saw:" + all);
            }
            out.add(st);
        }
        return out;
    }

    /** Applies {@code doc} on member {@code i}, waits until every member reports it INSTALLED everywhere and every batch is answered. */
    private TenantRecord installed(int i, TenantDocument doc) throws Exception {
        TenantRecord r = cluster.member(i).apply(doc);
        awaitEverywhere(r.version(), all(RealizationState.INSTALLED));
        cluster.switches.drain();
        return r;
    }

    private static Map<DeviceId, RealizationState> all(RealizationState s) {
        return Map.of(D1, s, D2, s, D3, s);
    }

    private void assertEveryDsnHoldsItsProgram(String when) {
        for (DeviceId d : DSNS) {
            Set<String> held = cluster.switches.rendered(d);
            assertFalse(held.isEmpty(), when + ": " + d + " holds no rule");
            for (DspManager m : cluster.live()) {
                assertEquals(EmulatedCluster.wanted(m, d), held, when + ": " + d + " holds exactly what every member compiled");
            }
        }
    }

    @Test
    void eachDsnIsProgrammedByItsMasterAndADocumentAppliedOnAnyMemberIsRealizedEverywhere() throws Exception {
        TenantDocument doc = threeDsns();
        int mark = cluster.switches.mark();
        TenantRecord v1 = cluster.member(3).apply(doc);
        for (TenantStatus st : awaitEverywhere(v1.version(), all(RealizationState.INSTALLED))) {
            assertEquals(v1.version(), st.version(), "every member reports the version applied on m3: " + st.dsns());
            assertEquals(Set.of(D1, D2, D3), st.dsns().keySet());
        }
        cluster.switches.drain();
        assertEveryDsnHoldsItsProgram("applied on m3");
        for (int i = 1; i <= 3; i++) {
            DeviceId d = DSNS.get(i - 1);
            List<String> ops = cluster.switches.since(mark, d);
            assertFalse(ops.isEmpty(), d + " was programmed");
            String master = "m" + i + " ";
            assertTrue(ops.stream().allMatch(op -> op.startsWith(master)), d + " programmed by its master m" + i + " only: " + ops);
        }
        // a change applied on another member (m1) reaches D3, which m3 masters, through m3
        mark = cluster.switches.mark();
        TenantRecord v2 = cluster.member(1).apply(Firewall.removeRule(doc.withVersion(v1.version()).toBuilder(), "db-in").build());
        awaitEverywhere(v2.version(), all(RealizationState.INSTALLED));
        cluster.switches.drain();
        assertEveryDsnHoldsItsProgram("changed on m1");
        List<String> d3 = cluster.switches.since(mark, D3);
        assertFalse(d3.isEmpty(), "removing db-in changes D3 (db-1's DSN)");
        assertTrue(d3.stream().allMatch(op -> op.startsWith("m3 ")), "by m3: " + d3);
        assertEquals(List.of(), cluster.switches.notMaster, "no member sent a batch for a DSN it does not master");
    }

    @Test
    void statusIsTheMastersWordAndReadsTheSameOnEveryMember() throws Exception {
        cluster.switches.refusing.add(D2); // the switch behind m2 refuses the batch
        TenantRecord v1 = cluster.member(1).apply(threeDsns());
        List<TenantStatus> seen = awaitEverywhere(v1.version(),
                Map.of(D1, RealizationState.INSTALLED, D2, RealizationState.FAILED, D3, RealizationState.INSTALLED));
        Map<DeviceId, String> masters = view(seen.get(1)); // m2: D2's master, whose word it is
        assertTrue(masters.get(D2).startsWith("FAILED"), masters.toString());
        assertTrue(masters.get(D2).contains(D2.toString()), "the reason names the DSN: " + masters.get(D2));
        for (TenantStatus st : seen) {
            assertEquals(masters, view(st), "every member shows each DSN's state and reason as its master wrote them");
        }
    }

    private static FlowRule copy(FlowRule r, int priority, org.onosproject.net.flow.TrafficTreatment treatment, long cookie) {
        return DefaultFlowRule.builder().forDevice(r.deviceId()).forTable(r.tableId()).withPriority(priority)
                .withSelector(r.selector()).withTreatment(treatment).withCookie(cookie).makePermanent().build();
    }

    @Test
    void aMovedMastershipIsReconciledByDifferenceWithoutAFlush() throws Exception {
        TenantDocument doc = threeDsns();
        TenantRecord v1 = installed(2, doc);
        // D2 lost one of DSP's rules, holds one no program wants (left over from before), one with other actions and one
        // the switch never confirmed; and a rule of another app, which DSP must leave alone
        List<FlowRule> held = cluster.switches.table(D2);
        FlowRule lost = held.get(held.size() / 2);
        FlowRule changed = held.get(held.size() / 2 + 1);
        FlowRule unconfirmed = held.get(held.size() / 2 + 2);
        cluster.switches.lose(lost);
        FlowRule stray = copy(lost, lost.priority() + 1, lost.treatment(), lost.id().value());
        cluster.switches.plant(stray);
        org.onosproject.net.flow.TrafficTreatment other = held.stream().map(FlowRule::treatment)
                .filter(t -> !t.equals(changed.treatment())).findFirst().get();
        cluster.switches.plant(copy(changed, changed.priority(), other, changed.id().value()));
        cluster.switches.unconfirm(unconfirmed);
        FlowRule foreign = copy(lost, 3, lost.treatment(), 0x0077_0000_0000_0001L); // app id 0x77
        cluster.switches.plant(foreign);
        int before = cluster.switches.table(D2).size();
        int mark = cluster.switches.mark();

        cluster.mastership.move(D2, EmulatedCluster.id(1)); // m2 is alive; D2 now belongs to m1
        awaitEverywhere(v1.version(), all(RealizationState.INSTALLED));
        cluster.switches.drain();
        List<String> ops = cluster.switches.since(mark, D2);
        assertEquals(sorted(List.of("m1 ADD " + D2 + " " + ClusterSwitches.render(lost),
                        "m1 ADD " + D2 + " " + ClusterSwitches.render(unconfirmed),
                        "m1 MODIFY " + D2 + " " + ClusterSwitches.render(changed),
                        "m1 REMOVE " + D2 + " " + ClusterSwitches.render(stray))), sorted(ops),
                "the new master sends the missing, unconfirmed and changed rules and removes the stray one; the "
                        + (before - 5) + " others stay");
        assertTrue(cluster.switches.table(D2).contains(foreign), "another app's rule stays");
        assertEveryDsnHoldsItsProgram("after the move");

        // from now on D2 is programmed by m1, whichever member applies, and m2 reads m1's record
        mark = cluster.switches.mark();
        TenantRecord v2 = cluster.member(2).apply(Firewall.removeRule(doc.withVersion(v1.version()).toBuilder(), "app-in")
                .build());
        List<TenantStatus> seen = awaitEverywhere(v2.version(), all(RealizationState.INSTALLED));
        cluster.switches.drain();
        List<String> d2 = cluster.switches.since(mark, D2);
        assertFalse(d2.isEmpty(), "removing app-in changes D2 (app-1's DSN)");
        assertTrue(d2.stream().allMatch(op -> op.startsWith("m1 ")), "by m1 only: " + d2);
        assertEquals(view(seen.get(0)), view(seen.get(1)), "m2 shows m1's word for D2");
        assertEveryDsnHoldsItsProgram("v2 after the move");
        assertEquals(List.of(), cluster.switches.notMaster);
    }

    @Test
    void aMemberThatCannotCompileATenantLeavesItsFlowsWhenItTakesADsnOver() throws Exception {
        cluster.close();
        // m1 allows 2 endpoints per tenant (a lower limit than the others'): it cannot compile acme's 4
        cluster = new EmulatedCluster(3, DSNS, Map.of(1, new DocumentLimits(2, 10_000, 1_000)));
        TenantRecord v1 = cluster.member(2).apply(threeDsns());
        assertTrue(TestManagers.awaitStatus(cluster.member(1), "acme", st -> st.failure() != null).failure() != null);
        cluster.switches.drain();
        Set<String> d2 = cluster.switches.rendered(D2);
        int mark = cluster.switches.mark();
        cluster.mastership.move(D2, EmulatedCluster.id(1));
        Thread.sleep(300);
        cluster.switches.drain();
        List<String> removes = cluster.switches.since(mark, D2).stream().filter(op -> op.contains(" REMOVE ")).collect(java.util.stream.Collectors.toList());
        assertEquals(List.of(), removes, "acme's flows stay on D2: its new master holds no program for acme to judge them by");
        assertEquals(d2, cluster.switches.rendered(D2));
        TenantStatus st = cluster.member(1).status("acme");
        assertEquals(v1.version(), st.version());
        assertTrue(st.failure() != null && st.failure().contains("cannot be realized"), "m1 says why: " + st.failure());
    }

    private static List<String> sorted(List<String> ops) {
        List<String> out = new ArrayList<>(ops);
        java.util.Collections.sort(out);
        return out;
    }

    @Test
    void aStoppedMembersDsnIsFinishedByItsNewMasterAndNoStatusEverClaimsMore() throws Exception {
        TenantDocument doc = threeDsns();
        TenantRecord v1 = installed(1, doc);
        Set<String> d2v1 = cluster.switches.rendered(D2);

        cluster.switches.cutOff.add(EmulatedCluster.id(2)); // m2 is dying: what it sends never reaches D2
        int mark = cluster.switches.mark();
        TenantRecord v2 = cluster.member(1).apply(Firewall.removeRule(doc.withVersion(v1.version()).toBuilder(), "app-in")
                .build());
        Set<String> d2v2 = EmulatedCluster.wanted(cluster.member(1), D2);
        assertNotEquals(d2v1, d2v2, "the change touches D2");
        // watch every member's status until the end: INSTALLED at v2 for D2 only when D2 holds v2's program
        List<String> lies = new CopyOnWriteArrayList<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
                for (DspManager m : cluster.live()) {
                    try {
                        TenantStatus st = m.status("acme");
                        TenantStatus.DsnStatus s = st == null ? null : st.dsns().get(D2);
                        if (st != null && st.version() == v2.version() && s != null && s.state() == RealizationState.INSTALLED
                                && !cluster.switches.rendered(D2).equals(d2v2)) {
                            lies.add("a member said INSTALLED for D2 at v2 while D2 held " + cluster.switches.rendered(D2).size()
                                    + " rules of another program");
                        }
                    } catch (RuntimeException stopped) {
                        // a member stopping while asked: no answer is no claim
                    }
                }
            }
        }, "status-watcher");
        watcher.setDaemon(true);
        watcher.start();
        try {
            finishesTheWork(v1, v2, d2v1, d2v2, mark, lies);
        } finally {
            watching.set(false);
            watcher.join(5_000);
        }
    }

    private void finishesTheWork(TenantRecord v1, TenantRecord v2, Set<String> d2v1, Set<String> d2v2, int mark,
                                 List<String> lies) throws Exception {
        List<TenantStatus> pending = awaitEverywhere(v2.version(),
                Map.of(D1, RealizationState.INSTALLED, D2, RealizationState.PENDING, D3, RealizationState.INSTALLED));
        Thread.sleep(300); // D2's master stays silent: D2 stays PENDING everywhere
        for (DspManager m : cluster.live()) {
            assertEquals(RealizationState.PENDING, m.status("acme").dsns().get(D2).state(), pending.toString());
        }
        assertEquals(d2v1, cluster.switches.rendered(D2), "nothing reached D2");

        cluster.stop(2); // D2 goes to m1 (the members left, round robin), which finishes the change
        awaitEverywhere(v2.version(), all(RealizationState.INSTALLED));
        cluster.switches.drain();
        Thread.sleep(50); // the watcher reads once more after the move
        assertEquals(List.of(), lies);
        assertEquals(d2v2, cluster.switches.rendered(D2), "D2 holds v2's program");
        List<String> ops = cluster.switches.since(mark, D2);
        assertTrue(ops.stream().allMatch(op -> op.startsWith("m1 ")), "by its new master m1: " + ops);
        Set<String> gone = new TreeSet<>(d2v1);
        gone.removeAll(d2v2);
        Set<String> added = new TreeSet<>(d2v2);
        added.removeAll(d2v1);
        String prefix = "m1 REMOVE " + D2 + " ";
        for (String op : ops) { // only the difference is sent: nothing v1 and v2 share is removed or sent again (no flush)
            String rule = op.substring(op.indexOf(D2.toString()) + D2.toString().length() + 1);
            assertTrue(op.startsWith(prefix) ? gone.contains(rule) : added.contains(rule), "not in the difference: " + op);
        }
        assertFalse(ops.isEmpty(), "the difference was sent");
        assertEquals(List.of(), cluster.switches.notMaster);
        assertEquals(2, cluster.live().size());
    }

    @Test
    void twoMembersApplyingOverOneVersionEndWithOneWinner() throws Exception {
        TenantDocument doc = threeDsns();
        long version = cluster.member(1).apply(doc).version();
        awaitEverywhere(version, all(RealizationState.INSTALLED));
        String[] rules = {"db-in", "app-in", "web-in"};
        for (int round = 0; round < 20; round++) {
            TenantDocument a = Firewall.removeRule(doc.withVersion(version).toBuilder(), rules[round % 3]).build();
            TenantDocument b = Firewall.removeRule(doc.withVersion(version).toBuilder(), rules[(round + 1) % 3]).build();
            CountDownLatch go = new CountDownLatch(1);
            List<Object> outcomes = new CopyOnWriteArrayList<>(new Object[] {null, null});
            List<Thread> racers = new ArrayList<>();
            TenantDocument[] docs = {a, b};
            for (int i = 0; i < 2; i++) {
                int who = i;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        outcomes.set(who, cluster.member(who + 2).apply(docs[who]));
                    } catch (StaleVersionException e) {
                        outcomes.set(who, e);
                    } catch (Exception e) {
                        outcomes.set(who, e.toString());
                    }
                });
                t.start();
                racers.add(t);
            }
            go.countDown();
            for (Thread t : racers) {
                t.join(20_000);
            }
            long won = outcomes.stream().filter(o -> o instanceof TenantRecord).count();
            long lost = outcomes.stream().filter(o -> o instanceof StaleVersionException).count();
            assertEquals(1, won, "round " + round + ": one winner: " + outcomes);
            assertEquals(1, lost, "round " + round + ": the other is told its version is stale (HTTP 409): " + outcomes);
            TenantRecord winner = (TenantRecord) outcomes.stream().filter(o -> o instanceof TenantRecord).findFirst().get();
            version = winner.version();
            awaitEverywhere(version, all(RealizationState.INSTALLED));
            for (DspManager m : cluster.live()) {
                assertEquals(winner.document(), m.tenant("acme").document(), "round " + round + ": every member holds the winner");
            }
        }
        cluster.switches.drain();
        assertEveryDsnHoldsItsProgram("after 20 races");
        assertEquals(List.of(), cluster.switches.notMaster);
    }
}
