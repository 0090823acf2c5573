package org.dsp.app.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The audit log's summary of a change names what changed, down to the rule. */
class DocumentDiffTest {
    static final ObjectMapper M = new ObjectMapper();

    static JsonNode j(String s) throws Exception {
        return M.readTree(s.replace('\'', '"'));
    }

    @Test
    void namesAddedRemovedAndChangedItemsDownToRules() throws Exception {
        JsonNode a = j("{'version': 3, 'tenant': {'id': 'acme', 'displayName': 'A'}, 'endpoints': [{'name': 'web-1'}, {'name': 'db-1'}],"
                + " 'firewall': {'tiers': [{'name': 'tenant', 'rules': [{'name': 'web-in', 'ports': [80]}, {'name': 'db-in'}]}]}}");
        JsonNode b = j("{'version': 4, 'tenant': {'id': 'acme', 'displayName': 'B'}, 'endpoints': [{'name': 'web-1'}, {'name': 'web-2'}],"
                + " 'firewall': {'tiers': [{'name': 'tenant', 'rules': [{'name': 'web-in', 'ports': [8080]}, {'name': 'ssh-in'}]}]}}");
        assertEquals("endpoints: +web-2 -db-1; firewall.tiers[tenant].rules: ~web-in +ssh-in -db-in; tenant.displayName: ~",
                DocumentDiff.summary(a, b));
        assertEquals("no change", DocumentDiff.summary(a, a));
        assertEquals("deleted", DocumentDiff.summary(a, null));
        assertEquals("new tenant; endpoints: +web-1 +db-1; firewall: ~; tenant: ~",
                DocumentDiff.summary(null, a));
    }
}
