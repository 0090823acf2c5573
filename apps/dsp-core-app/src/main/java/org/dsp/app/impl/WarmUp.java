package org.dsp.app.impl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.Keys;
import org.dsp.driver.ovs.DsnTarget;
import org.dsp.driver.ovs.Inventory;
import org.dsp.model.TenantDocument;
import org.dsp.spi.Services;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * Warms a freshly started core's compile path before it takes its first change (docs/node.md,
 * "Warm-up"): a synthetic tenant - {@link #RULES} firewall rules on one DSN no switch has - is
 * read, checked against the document schema, the node's limits and flow budget, compiled in full and
 * then changed one rule at a time, as the rule API changes a tenant (the rule checked against its
 * part of the schema), until {@code millis} have passed (or
 * {@link #MAX_CHANGES}), in a realizer of its own: nothing is stored, claimed or sent, the core's
 * state is not touched, and the synthetic tenant is removed at the end (the services' compilers keep
 * per-tenant state of their own, an overlay's neighbour answers). The full compile comes before the
 * time is looked at: a warm-up takes at least that (about 0.5 s on a fresh JVM here). What it buys
 * is the JIT compiler's work done before the first request instead of during it
 * (docs/benchmarks.md: a one-rule change right after a start).
 */
final class WarmUp {
    /** The framework (or system) property giving the warm-up time in milliseconds; 0 or absent: none. */
    static final String PROPERTY = "dsp.warmUpMillis";
    /** The synthetic tenant's rules with conjunctive matches (Nicira extensions, the node's switches). */
    static final int RULES = 1000;
    /** ... and without (ONOS's plain OpenFlow profile, where a rule is a flow per address pair: about 80 each). */
    static final int PLAIN_RULES = 100;
    /** How many times the synthetic document is checked against the document schema, before the timed part. */
    static final int SCHEMA_CHECKS = 3;
    /** The most one-rule changes a warm-up makes, however much time is left. */
    static final int MAX_CHANGES = 400;
    /** The synthetic tenant (an id no tenant can have: ids are letters, digits, '-', '_' and '.'). */
    static final String TENANT = "warm up";
    private static final DeviceId DSN = DeviceId.deviceId("of:0000ffffffffffff");

    /** What a warm-up did. */
    static final class Result {
        /** The one-rule changes made after the full compile. */
        final int changes;
        /** The flow operations all the compiles produced. */
        final long flowOps;
        /** The versions the node's limits or flow budget would have refused (0 unless they are set below the synthetic tenant). */
        final int refused;
        final long millis;
        /** The time the document schema's checks took, before the timed part. */
        final long schemaMillis;

        Result(int changes, long flowOps, int refused, long millis, long schemaMillis) {
            this.changes = changes;
            this.flowOps = flowOps;
            this.refused = refused;
            this.millis = millis;
            this.schemaMillis = schemaMillis;
        }

        @Override
        public String toString() {
            return "the document schema checked " + SCHEMA_CHECKS + " times in " + schemaMillis + " ms; a synthetic tenant compiled, then " + changes + " one-rule changes (" + flowOps + " flow ops) in " + millis
                    + " ms" + (refused > 0 ? "; " + refused + " versions over the node's limits or flow budget" : "");
        }
    }

    private WarmUp() {
    }

    /** Parses {@link #PROPERTY}: whole milliseconds, 0 to 60,000 (null: 0). */
    static long millis(String value) {
        return value == null || value.isBlank() ? 0 : DspManager.wholeNumber(PROPERTY, value, "milliseconds", "ms", 0, 60_000);
    }

    /**
     * Runs a warm-up of about {@code millis} with the active {@code services}, for the DSN driver's
     * {@code target}, through the node's {@code limits} and {@code budget}.
     */
    static Result run(Services services, DsnTarget target, DocumentLimits limits, FlowBudget budget, long millis) {
        TenantDocumentCodec codec = TenantDocumentCodec.with(services);
        ObjectNode synthetic = document(target.conjunction() ? RULES : PLAIN_RULES);
        // the document schema's validator: compiled, its classes loaded and run a few times before the first PUT pays for it
        // (about 0.3 s and 0.1 s on a fresh JVM here); outside the time below, which is the compile path's
        long checking = System.nanoTime();
        TenantDocument current = codec.readStored(synthetic);
        for (int i = 0; i < SCHEMA_CHECKS; i++) {
            codec.checkSchema(current, synthetic);
        }
        services.schemaValidator(org.dsp.app.rest.TenantRulesResource.RULE_SCHEMA); // the rule API's part, compiled
        long schemaMillis = (System.nanoTime() - checking) / 1_000_000;
        long started = System.nanoTime();
        long end = started + millis * 1_000_000;
        Realizer realizer = new Realizer(Inventory.of(Map.of(DSN, PortNumber.portNumber(100))), target, services);
        int key = Keys.tenantKey(TENANT);
        long[] ops = new long[1];
        int refused = 0;
        int changes = 0;
        try {
            refused += admit(realizer, limits, budget, current, key, ops) ? 0 : 1;
            ObjectNode extra = rule("extra", "tgt", "as_0", 9999);
            while (changes < MAX_CHANGES && System.nanoTime() < end) {
                // as the rule API: one rule put last or removed on the document as read (its checks: the firewall's item edit, the
                // rule against its part of the schema), shared with the current one; then written as the store writes it
                List<String> names = codec.itemNames(current, "firewall", "tenant");
                TenantDocument edited = null;
                if (names != null) {
                    int last = names.size();
                    if (changes % 2 == 0) {
                        edited = codec.putItem(current, "firewall", "tenant", -1, last, extra, "$.firewall.tenant[" + last + "]");
                        codec.checkSchema(extra, org.dsp.app.rest.TenantRulesResource.RULE_SCHEMA, "$.firewall.tenant[" + last + "]");
                    } else {
                        edited = codec.removeItem(current, "firewall", "tenant", last - 1);
                    }
                }
                if (edited == null) { // the firewall's app is not active: its section is kept raw, changed on the JSON
                    ObjectNode json = codec.write(current);
                    ArrayNode tier = (ArrayNode) json.get("firewall").get("tenant");
                    if (changes % 2 == 0) {
                        tier.add(extra.deepCopy());
                    } else {
                        tier.remove(tier.size() - 1);
                    }
                    edited = codec.readStored(json);
                }
                TenantDocument next = codec.share(edited, current);
                codec.writeCompactText(next);
                refused += admit(realizer, limits, budget, next, key, ops) ? 0 : 1;
                current = next;
                changes++;
            }
        } finally {
            // the services' compilers keep what they serve per tenant (an overlay's neighbour answers): the synthetic tenant goes
            realizer.update(TENANT, null, 0, key);
        }
        return new Result(changes, ops[0], refused, (System.nanoTime() - started) / 1_000_000, schemaMillis);
    }

    /** As {@link DspManager#apply}: the node's limits, the compile into the realizer's state, the flow budget, the flow operations. */
    private static boolean admit(Realizer realizer, DocumentLimits limits, FlowBudget budget, TenantDocument doc, int key, long[] ops) {
        boolean within = limits.checkNode(doc, false, 0, List.of()).isEmpty();
        Realizer.Admission a = realizer.admit(TENANT, doc, key);
        within &= budget.check(TENANT, a, FlowBudget.loads(TENANT, a, realizer), realizer).isEmpty();
        Realizer.operations(a.deltas, d -> true, (short) 1);
        ops[0] += a.deltas.values().stream().mapToInt(org.dsp.driver.ovs.FlowDelta::size).sum();
        return within;
    }

    /**
     * The synthetic tenant: 8 workloads, a label-selected target group, 10 address groups of 20
     * addresses, {@code count} stateful allow rules (ingress to the target group on one TCP port
     * each, a tenth of them egress), default-deny.
     */
    static ObjectNode document(int count) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode doc = f.objectNode();
        doc.putObject("tenant").put("id", TENANT.replace(' ', '-')).put("defaultPosture", "default-deny");
        ArrayNode eps = doc.putArray("endpoints");
        for (int k = 0; k < 8; k++) {
            ObjectNode e = eps.addObject().put("name", "w" + k).put("kind", "container").put("mac", String.format("02:00:00:00:ff:%02x", k));
            e.putArray("addresses").add("10.255.0." + (10 + k));
            e.putObject("labels").put("role", k < 4 ? "tgt" : "client");
            e.putObject("attachment").put("dsn", DSN.toString()).put("port", k + 1);
        }
        ArrayNode groups = doc.putArray("groups");
        groups.addObject().put("name", "tgt").putObject("selector").putObject("matchLabels").put("role", "tgt");
        groups.addObject().put("name", "cl").putObject("selector").putObject("matchLabels").put("role", "client");
        for (int s = 0; s < 10; s++) {
            ArrayNode cidrs = groups.addObject().put("name", "as_" + s).putArray("cidrs");
            for (int a = 0; a < 20; a++) {
                cidrs.add("10.254." + s + "." + (a + 1) + "/32");
            }
        }
        ArrayNode rules = doc.putObject("firewall").putArray("tenant");
        for (int i = 0; i < count; i++) {
            ObjectNode r = rule("r" + i, i % 10 == 9 ? "cl" : "tgt", "as_" + (i % 10), 1000 + i);
            if (i % 10 == 9) {
                r.put("direction", "egress");
            }
            rules.add(r);
        }
        return doc;
    }

    private static ObjectNode rule(String name, String appliedTo, String peer, int port) {
        ObjectNode r = JsonNodeFactory.instance.objectNode().put("name", name).put("direction", "ingress").put("appliedTo", appliedTo);
        r.putArray("peers").addObject().put("group", peer);
        r.putArray("services").addObject().put("protocol", "tcp").putArray("ports").add(port);
        return r.put("action", "allow").put("stateful", true);
    }
}
