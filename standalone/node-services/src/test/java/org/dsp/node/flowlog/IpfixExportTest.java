package org.dsp.node.flowlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.net.InetAddress;
import org.dsp.node.ovsdb.OvsdbTables;
import org.junit.jupiter.api.Test;

/**
 * The OVSDB operations that make a DSN's bridge export its logged rules' samples to the node: made
 * when missing, remade once by a node process that did not make it (so the exporter announces its
 * templates to it), corrected when changed, and an operator's own collector set left alone.
 */
class IpfixExportTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final String DSN = "of:0000000000000002";

    private static OvsdbTables tables(String json) throws Exception {
        OvsdbTables t = new OvsdbTables();
        t.apply(M.readTree(json.replace('\'', '"')));
        return t;
    }

    private static String set(String tag, String target, String vobs) {
        return "{'Bridge': {'b1': {'new': {'name': 'br-dsn'}}},"
                + " 'Flow_Sample_Collector_Set': {'s1': {'new': {'id': 1, 'bridge': ['uuid', 'b1'], 'ipfix': ['uuid', 'i1'],"
                + " 'external_ids': ['map', [" + (tag == null ? "" : "['dsp', '" + tag + "']") + "]]}}},"
                + " 'IPFIX': {'i1': {'new': {'targets': '" + target + "', 'cache_active_timeout': 5, 'cache_max_flows': 4096,"
                + " 'other_config': ['map', [['virtual_obs_id', '" + vobs + "']]]}}}}";
    }

    @Test
    void makesTheExportWhenMissing() throws Exception {
        IpfixExport e = new IpfixExport(InetAddress.getByName("0.0.0.0"), 4739);
        String[] what = {null};
        ArrayNode ops = e.operations(DSN, tables("{'Bridge': {'b1': {'new': {'name': 'br-dsn'}}}}"), "b1",
                InetAddress.getByName("169.254.2.1"), what);
        assertEquals(2, ops.size(), ops.toString());
        JsonNode ipfix = ops.get(0).get("row");
        assertEquals("IPFIX", ops.get(0).get("table").asText());
        assertEquals("169.254.2.1:4739", ipfix.get("targets").asText(), "the node's address on the server's OVSDB connection");
        assertEquals("[\"map\",[[\"virtual_obs_id\",\"" + DSN + "\"]]]", ipfix.get("other_config").toString());
        assertEquals(5, ipfix.get("cache_active_timeout").asInt());
        JsonNode set = ops.get(1).get("row");
        assertEquals(1, set.get("id").asInt());
        assertEquals("[\"uuid\",\"b1\"]", set.get("bridge").toString());
        assertEquals("[\"map\",[[\"dsp\",\"flow-logs\"]]]", set.get("external_ids").toString());
        assertTrue(what[0].contains("169.254.2.1:4739"), what[0]);
        // once it exists as made, nothing more
        assertNull(e.operations(DSN, tables(set("flow-logs", "169.254.2.1:4739", DSN)), "b1", InetAddress.getByName("169.254.2.1"), what));
    }

    @Test
    void aNewNodeProcessRemakesItOnceThenCorrectsIt() throws Exception {
        IpfixExport e = new IpfixExport(InetAddress.getByName("0.0.0.0"), 4739);
        InetAddress node = InetAddress.getByName("169.254.2.1");
        String[] what = {null};
        ArrayNode ops = e.operations(DSN, tables(set("flow-logs", "169.254.2.1:4739", DSN)), "b1", node, what);
        assertEquals("delete", ops.get(0).get("op").asText(), "made by an earlier process: remade so templates come again");
        assertNull(e.operations(DSN, tables(set("flow-logs", "169.254.2.1:4739", DSN)), "b1", node, what));
        ops = e.operations(DSN, tables(set("flow-logs", "10.9.9.9:4739", DSN)), "b1", node, what);
        assertEquals("update", ops.get(0).get("op").asText());
        assertEquals("169.254.2.1:4739", ops.get(0).get("row").get("targets").asText());
        ops = e.operations(DSN, tables(set("flow-logs", "169.254.2.1:4739", "of:00000000000000ff")), "b1", node, what);
        assertEquals("update", ops.get(0).get("op").asText(), "a DSN name that is not this DSN's is corrected");
    }

    @Test
    void anOperatorsOwnCollectorSetIsLeftAlone() throws Exception {
        IpfixExport e = new IpfixExport(InetAddress.getByName("0.0.0.0"), 4739);
        assertNull(e.operations(DSN, tables(set(null, "192.0.2.1:2055", "x")), "b1", InetAddress.getByName("169.254.2.1"),
                new String[1]));
    }

    @Test
    void aCollectorBoundToOneAddressIsTheTarget() throws Exception {
        IpfixExport e = new IpfixExport(InetAddress.getByName("10.1.2.3"), 9999);
        ArrayNode ops = e.operations(DSN, tables("{'Bridge': {'b1': {'new': {'name': 'br-dsn'}}}}"), "b1",
                InetAddress.getByName("169.254.2.1"), new String[1]);
        assertEquals("10.1.2.3:9999", ops.get(0).get("row").get("targets").asText());
    }

    @Test
    void offRemovesWhatDspMadeAndSaysWhyAnOperatorsSetStays() throws Exception {
        IpfixExport off = IpfixExport.off();
        String[] what = {null};
        ArrayNode ops = off.operations(DSN, tables(set("flow-logs", "169.254.2.1:4739", DSN)), "b1", InetAddress.getByName("169.254.2.1"), what);
        assertEquals("delete", ops.get(0).get("op").asText());
        assertNull(off.operations(DSN, tables("{'Bridge': {'b1': {'new': {'name': 'br-dsn'}}}}"), "b1",
                InetAddress.getByName("169.254.2.1"), what));
        what[0] = null;
        assertNull(new IpfixExport(InetAddress.getByName("0.0.0.0"), 4739).operations(DSN, tables(set(null, "192.0.2.1:2055", "x")),
                "b1", InetAddress.getByName("169.254.2.1"), what));
        assertTrue(what[0].contains("DSP did not make"), what[0]);
    }
}
