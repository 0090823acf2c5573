package org.dsp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.dsp.firewall.Firewall;
import org.dsp.firewall.model.Rule;
import org.dsp.firewall.model.Tier;
import org.dsp.model.TenantDocument;
import org.dsp.spi.Services;
import org.dsp.testing.ScaleDocs;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;

/**
 * A new version read from JSON shares the current document's objects wherever it did not change
 * ({@link TenantDocumentCodec#share}): the result equals and writes as what was read, the
 * unchanged firewall rules are the current objects, the changed ones are the new objects.
 */
class DocumentSharingTest {
    private final TenantDocumentCodec codec = TenantDocumentCodec.with(Services.discovered());
    private final TenantDocument current = codec.readStored(codec.write(ScaleDocs.ovnBench(200, 5,
            DeviceId.deviceId("of:00000000000000e1"))));

    @Test
    void oneChangedRuleIsTheOnlyNewObject() {
        ObjectNode json = codec.write(current);
        ((ObjectNode) json.path("firewall").path("tenant").get(7)).putArray("services").addObject()
                .put("protocol", "udp").putArray("ports").add(53);
        ((ArrayNode) json.path("firewall").path("tenant")).remove(3);
        TenantDocument next = codec.readStored(json);
        TenantDocument shared = codec.share(next, current);

        assertEquals(next, shared);
        List<Rule> before = Firewall.rules(current, Tier.TENANT);
        List<Rule> after = Firewall.rules(shared, Tier.TENANT);
        assertEquals(199, after.size());
        for (Rule r : after) {
            Rule old = before.stream().filter(b -> b.name().equals(r.name())).findFirst().orElseThrow();
            if (r.name().equals("r7")) {
                assertNotSame(old, r, "the changed rule is the new one");
                assertSame(Firewall.rules(next, Tier.TENANT).get(6), r);
            } else {
                assertSame(old, r, r.name() + " is unchanged: the current object");
            }
        }
        assertEquals(codec.writeCompactText(next), codec.writeCompactText(shared));
    }

    @Test
    void anUnchangedFirewallIsTheCurrentOneAndOtherSectionsAreAsSubmitted() {
        TenantDocument again = codec.readStored(codec.write(current));
        TenantDocument shared = codec.share(again, current);
        assertEquals(again, shared);
        assertEquals(codec.writeCompactText(again), codec.writeCompactText(shared));
        assertSame(current.sections().get(Firewall.KEY), shared.sections().get(Firewall.KEY));
        again.sections().forEach((key, value) -> {
            if (!key.equals(Firewall.KEY)) { // the default shares nothing: what a section writes is what was submitted
                assertSame(value, shared.sections().get(key), key);
            }
        });
        assertEquals(List.copyOf(again.sections().keySet()), List.copyOf(shared.sections().keySet()));
    }

    @Test
    void anotherTenantsDocumentSharesNothing() {
        ObjectNode json = codec.write(current);
        ((ObjectNode) json.path("tenant")).put("id", "other");
        TenantDocument other = codec.readStored(json);
        assertSame(other, codec.share(other, current));
        assertSame(other, codec.share(other, null));
    }
}
