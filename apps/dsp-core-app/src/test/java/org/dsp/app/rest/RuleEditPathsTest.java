package org.dsp.app.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.model.TenantDocument;
import org.dsp.spi.Services;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rule API's two ways to one result: a rule put or removed on the document as read
 * ({@link RuleEdit#putRead}, {@link RuleEdit#removeRead}: the firewall's item edits, no JSON of
 * the whole document) gives exactly the document that editing its JSON and reading all of it again
 * gives ({@link RuleEdit#put}, {@link RuleEdit#remove} and {@code readStored}), and never accepts
 * what that refuses. A seeded random walk of 600 changes per example, valid and not (unknown
 * groups and endpoints, bad values, unknown fields, other tenants' names, a name used in another
 * tier, a mismatched name, a missing or self {@code before}, unknown tiers), each made both ways;
 * after each accepted one the store's compact text ({@code writeCompactText}, which keeps each
 * rule's text) is the text of the document's JSON tree.
 */
class RuleEditPathsTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final TenantDocumentCodec CODEC = TenantDocumentCodec.with(Services.discovered());
    private static final String[] TIERS = {"platform", "tenant", "baseline", "tenant", "tenant", "bogus", "TENANT"};

    /** What the JSON way gave: the document read whole (null when refused) and the edit, or the errors. */
    private static final class Full {
        TenantDocument doc;
        RuleEdit edit;
        InvalidDocumentException refused;
    }

    private static Full put(TenantDocument doc, String tier, String name, JsonNode rule, String before) {
        Full f = new Full();
        try {
            f.edit = RuleEdit.put(CODEC.write(doc), tier, name, rule.deepCopy(), before);
            f.doc = CODEC.readStored(f.edit.document());
        } catch (InvalidDocumentException e) {
            f.refused = e;
        }
        return f;
    }

    private static Full remove(TenantDocument doc, String tier, String name) {
        Full f = new Full();
        try {
            f.edit = RuleEdit.remove(CODEC.write(doc), tier, name);
            f.doc = f.edit == null ? null : CODEC.readStored(f.edit.document());
        } catch (InvalidDocumentException e) {
            f.refused = e;
        }
        return f;
    }

    /** The rules the walk puts: what each is, and its JSON with {@code $G} and {@code $E} a group and an endpoint of the document. */
    private static final String[] RULES = {
        "{\"direction\": \"ingress\", \"appliedTo\": \"$G\", \"peers\": [{\"group\": \"$H\"}], \"protocol\": \"tcp\", \"ports\": [$P], \"action\": \"allow\"}",
        "{\"direction\": \"egress\", \"appliedTo\": \"$G\", \"peers\": [{\"cidr\": \"10.$Q.0.0/16\"}], \"services\": [{\"protocol\": \"udp\", \"ports\": [\"$P-9999\"]}], \"action\": \"deny\", \"log\": true}",
        "{\"direction\": \"ingress\", \"appliedTo\": \"$T/$G\", \"peers\": [{\"endpoint\": \"$E\"}], \"protocol\": \"tcp\", \"action\": \"reject\", \"stateful\": false}",
        "{\"direction\": \"ingress\", \"appliedTo\": \"$G\", \"peers\": [{\"endpoint\": \"$E\"}], \"protocol\": \"tcp\", \"ports\": [\"http\"], \"action\": \"allow\", \"onChange\": \"keep\"}",
        "{\"direction\": \"ingress\", \"appliedTo\": \"nosuch\", \"protocol\": \"tcp\", \"action\": \"allow\"}",
        "{\"direction\": \"ingress\", \"appliedTo\": \"$G\", \"peers\": [{\"endpoint\": \"nosuch\"}], \"action\": \"allow\"}",
        "{\"direction\": \"ingress\", \"appliedTo\": \"$G\", \"action\": \"maybe\"}",
        "{\"direction\": \"ingress\", \"appliedTo\": \"$G\", \"action\": \"allow\", \"colour\": \"red\"}",
        "{\"direction\": \"ingress\", \"appliedTo\": \"other/$G\", \"action\": \"allow\"}",
        "{\"direction\": \"ingress\", \"appliedTo\": \"$G\", \"protocol\": \"tcp\", \"services\": [{\"protocol\": \"tcp\"}], \"action\": \"allow\"}",
        "{\"direction\": \"ingress\", \"appliedTo\": \"$G\", \"protocol\": \"tcp\", \"ports\": [70000], \"action\": \"allow\"}",
        "{\"direction\": \"ingress\", \"appliedTo\": \"$G\", \"action\": \"allow\", \"log\": null}",
        "{\"name\": \"$N\", \"direction\": \"egress\", \"appliedTo\": \"$G\", \"action\": \"allow\"}",
        "{\"name\": \"someone-else\", \"direction\": \"egress\", \"appliedTo\": \"$G\", \"action\": \"allow\"}",
        "{\"name\": 7, \"direction\": \"egress\", \"appliedTo\": \"$G\", \"action\": \"allow\"}",
        "[\"not\", \"a\", \"rule\"]",
    };

    private static <T> T pick(Random rnd, List<T> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    private static List<String> ruleNames(TenantDocument doc) {
        List<String> names = new ArrayList<>();
        for (String tier : new String[] {"platform", "tenant", "baseline"}) {
            List<String> n = CODEC.itemNames(doc, "firewall", tier);
            if (n != null) {
                names.addAll(n);
            }
        }
        return names;
    }

    @ParameterizedTest
    @ValueSource(strings = {"three-tier", "globex", "chain", "ovn-reference"})
    void bothWaysGiveOneResultAndTheFastOneNeverAcceptsMore(String example) throws Exception {
        TenantDocument doc = CODEC.readStored(M.readTree(Files.readString(Path.of("../../examples/" + example + ".json"))));
        Random rnd = new Random(example.hashCode());
        int fast = 0;
        int accepted = 0;
        int slow = 0;
        for (int step = 0; step < 600; step++) {
            String tier = TIERS[rnd.nextInt(TIERS.length)];
            List<String> names = ruleNames(doc);
            names.add("new-" + rnd.nextInt(5));
            String name = pick(rnd, names);
            Full full;
            RuleEdit read;
            if (rnd.nextInt(4) == 0) {
                full = remove(doc, tier, name);
                read = RuleEdit.removeRead(CODEC, doc, tier, name);
            } else {
                List<String> groups = new ArrayList<>(doc.groups().keySet());
                List<String> endpoints = new ArrayList<>(doc.endpoints().keySet());
                String json = RULES[rnd.nextInt(RULES.length)].replace("$G", pick(rnd, groups)).replace("$H", pick(rnd, groups))
                        .replace("$E", pick(rnd, endpoints)).replace("$T", doc.tenantId()).replace("$N", name)
                        .replace("$P", String.valueOf(1 + rnd.nextInt(9000))).replace("$Q", String.valueOf(rnd.nextInt(250)));
                int b = rnd.nextInt(6);
                String before = b < 3 ? null : b == 3 ? "missing" : b == 4 ? name : pick(rnd, names);
                JsonNode rule = M.readTree(json);
                full = put(doc, tier, name, rule, before);
                read = RuleEdit.putRead(CODEC, doc, tier, name, rule.deepCopy(), before);
            }
            String what = example + " step " + step + " " + tier + "/" + name;
            if (read == null) {
                if (full.doc != null) {
                    accepted++;
                    assertNull(doc.sections().get("firewall"), what + ": accepted, yet not the fast way, though the document has rules");
                    slow++;
                }
            } else {
                fast++;
                accepted++;
                if (full.doc == null) {
                    fail(what + ": only the fast way accepts it: " + (full.refused != null ? full.refused.errors() : "no such rule"));
                }
                assertEquals(full.doc, read.read(), what);
                assertEquals(CODEC.writeCompactText(full.doc), CODEC.writeCompactText(read.read()), what + ": written alike");
                if (read.kind() != RuleEdit.Kind.REMOVED) {
                    assertEquals(full.edit.document().path("firewall").path(tier).path(full.edit.position()), read.rule(), what);
                }
            }
            if (full.doc != null) {
                doc = read != null ? read.read() : full.doc;
                // the store's text (each rule's kept text) is the text of the document's tree, change after change
                assertEquals(M.writeValueAsString(CODEC.write(doc)), CODEC.writeCompactText(doc), what + ": the store's text");
            }
        }
        // every accepted change went the fast way but a first rule into a document without rules; the walk has both
        assertTrue(fast >= 25 && slow >= 1, example + ": " + fast + " fast, " + slow + " first rules, of " + accepted + " accepted");
    }

    @Test
    void aNameUsedInAnotherTierIsLeftToTheWholeReading() throws Exception {
        TenantDocument doc = CODEC.readStored(M.readTree(RestApiTest.example()));
        JsonNode rule = M.readTree("{\"direction\": \"ingress\", \"appliedTo\": \"db\", \"action\": \"allow\"}");
        assertNull(RuleEdit.putRead(CODEC, doc, "tenant", "no-telnet", rule, null), "no-telnet is a platform rule");
        InvalidDocumentException e = put(doc, "tenant", "no-telnet", rule, null).refused;
        assertNotNull(e);
        assertEquals("DUPLICATE_NAME", e.errors().get(0).code().name(), e.errors().toString());
        assertNotNull(RuleEdit.putRead(CODEC, doc, "platform", "no-telnet", rule, null), "replaced in its own tier");
    }

    @Test
    void removingTheLastRuleLeavesNoFirewallSection() throws Exception {
        ObjectNode tree = (ObjectNode) M.readTree(RestApiTest.example());
        ObjectNode fw = tree.putObject("firewall");
        fw.putArray("tenant").add(M.readTree("{\"name\": \"only\", \"direction\": \"ingress\", \"appliedTo\": \"db\", \"action\": \"allow\"}"));
        TenantDocument doc = CODEC.readStored(tree);
        RuleEdit e = RuleEdit.removeRead(CODEC, doc, "tenant", "only");
        assertNotNull(e);
        assertNull(e.read().sections().get("firewall"), String.valueOf(e.read().sections()));
        assertEquals(remove(doc, "tenant", "only").doc, e.read());
    }

    @Test
    void aTierAtItsLimitTakesNoMoreRuleTheFastWay() throws Exception {
        ObjectNode tree = (ObjectNode) M.readTree(RestApiTest.example());
        com.fasterxml.jackson.databind.node.ArrayNode tenant = tree.putObject("firewall").putArray("tenant");
        for (int i = 0; i < 30000; i++) {
            tenant.addObject().put("name", "r" + i).put("direction", "ingress").put("appliedTo", "db").put("action", "allow");
        }
        TenantDocument doc = CODEC.readStored(tree);
        JsonNode rule = M.readTree("{\"direction\": \"ingress\", \"appliedTo\": \"db\", \"action\": \"deny\"}");
        assertNull(RuleEdit.putRead(CODEC, doc, "tenant", "one-more", rule, null));
        InvalidDocumentException over = put(doc, "tenant", "one-more", rule, null).refused;
        assertEquals("TOO_MANY", over.errors().get(0).code().name(), over.errors().toString());
        assertNotNull(RuleEdit.putRead(CODEC, doc, "tenant", "r7", rule, null), "a rule replaced adds none");
        assertNotNull(RuleEdit.putRead(CODEC, doc, "baseline", "one-more", rule, null), "another tier has room");
    }

    @Test
    void aDocumentReadBeforeTheActiveServicesChangedIsLeftToTheWholeReading() throws Exception {
        JsonNode ovnReference = M.readTree(Files.readString(Path.of("../../examples/ovn-reference.json")));
        String segments = CODEC.services().owner("segments").name();
        TenantDocumentCodec without = TenantDocumentCodec.with(CODEC.services().without(segments));
        JsonNode rule = M.readTree("{\"direction\": \"ingress\", \"appliedTo\": \"db\", \"action\": \"allow\"}");
        // read while microsegmentation was not active (its section kept raw), changed now that it is: read whole
        TenantDocument readBefore = without.readStored(ovnReference);
        assertNull(RuleEdit.putRead(CODEC, readBefore, "tenant", "new", rule, null));
        assertNull(RuleEdit.removeRead(CODEC, readBefore, "tenant", "web-to-db"));
        // and the other way: read while it was active, changed after it went
        TenantDocument readWith = CODEC.readStored(ovnReference);
        assertNull(RuleEdit.putRead(without, readWith, "tenant", "new", rule, null));
        // read and changed by the same services: the fast way
        assertNotNull(RuleEdit.putRead(without, readBefore, "tenant", "new", rule, null));
        assertNotNull(RuleEdit.putRead(CODEC, readWith, "tenant", "new", rule, null));
    }
}
