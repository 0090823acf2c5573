package org.dsp.node.flowlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dsp.node.ovsdb.OvsdbOps;
import org.dsp.node.ovsdb.OvsdbTables;

/**
 * What a DSN's bridge needs in OVSDB so its Open vSwitch exports the samples of logged rules to
 * the node: a {@code Flow_Sample_Collector_Set} with id {@value #COLLECTOR_SET} (the id DSP's
 * {@code sample} actions name) on the bridge, tagged {@code external_ids:dsp=flow-logs}, with an
 * {@code IPFIX} row whose target is the node's collector, whose {@code virtual_obs_id} is the DSN
 * (so every record names its DSN), and whose flow cache exports each sampled flow at least every
 * {@value #ACTIVE_TIMEOUT_SECONDS} s (at most {@value #CACHE_FLOWS} flows cached).
 *
 * <p>Open vSwitch announces its IPFIX templates when its exporter starts and then only every ten
 * minutes, so a node that just started could not read records for up to ten minutes: the first
 * time a node process sees a DSN whose collector set DSP made earlier, it deletes it, and creates it
 * again on the next look, which starts a new exporter that announces its templates at once. A
 * collector set with that id which DSP did not make (an operator's own) is left alone, and the DSN
 * exports no flow logs to the node (said once per connection: the logged rules' samples go to the
 * operator's collector). With flow logs off ({@link #off()}), DSP's collector set is removed.
 */
public final class IpfixExport {
    /** The collector set id DSP's sample actions name. */
    public static final long COLLECTOR_SET = 1;
    static final long ACTIVE_TIMEOUT_SECONDS = 5;
    static final long CACHE_FLOWS = 4096;
    static final String TAG_KEY = "dsp";
    static final String TAG = "flow-logs";
    private static final ObjectMapper M = new ObjectMapper();

    private final InetAddress collectorAddress;
    private final int collectorPort;
    /** DSNs whose collector set this node process made (or remade): their exporters announced templates to it. */
    private final Set<String> fresh = ConcurrentHashMap.newKeySet();

    /**
     * Exports to the collector at {@code collectorPort} on {@code collectorAddress}; a wildcard
     * address means the address each server reaches the node at (its OVSDB connection's).
     */
    public IpfixExport(InetAddress collectorAddress, int collectorPort) {
        if (collectorPort < 1 || collectorPort > 65535) {
            throw new IllegalArgumentException("collector port " + collectorPort);
        }
        this.collectorAddress = collectorAddress;
        this.collectorPort = collectorPort;
    }

    private IpfixExport() {
        this.collectorAddress = null;
        this.collectorPort = 0;
    }

    /** No flow logs: the collector sets DSP made earlier are removed, so the DSNs sample nothing for nobody. */
    public static IpfixExport off() {
        return new IpfixExport();
    }

    /**
     * Returns the OVSDB operations that bring DSN {@code dsn}'s collector set on bridge
     * {@code bridgeUuid} one step closer to what it should be, with what they do in {@code what[0]};
     * null when it is what it should be (or not DSP's to change).
     *
     * @param nodeAddress the node's address on the server's OVSDB connection
     */
    public ArrayNode operations(String dsn, OvsdbTables t, String bridgeUuid, InetAddress nodeAddress, String[] what) {
        String setUuid = null;
        JsonNode set = null;
        for (Map.Entry<String, JsonNode> r : t.rows("Flow_Sample_Collector_Set").entrySet()) {
            if (Long.valueOf(COLLECTOR_SET).equals(OvsdbTables.integer(r.getValue(), "id"))
                    && OvsdbTables.uuids(r.getValue(), "bridge").contains(bridgeUuid)) {
                setUuid = r.getKey();
                set = r.getValue();
            }
        }
        ArrayNode ops = M.createArrayNode();
        if (set != null && !TAG.equals(OvsdbTables.map(set, "external_ids").get(TAG_KEY))) {
            what[0] = dsn + " has a collector set " + COLLECTOR_SET + " DSP did not make: left alone; the samples of logged "
                    + "rules go to its collector, not to this node (no flow logs from this DSN)";
            return null;
        }
        if (collectorPort == 0) {
            if (set == null) {
                return null;
            }
            OvsdbOps.onRow(ops, "delete", "Flow_Sample_Collector_Set", setUuid);
            what[0] = "removing " + dsn + "'s IPFIX export (flow logs are off)";
            return ops;
        }
        InetAddress target = collectorAddress == null || collectorAddress.isAnyLocalAddress() ? nodeAddress : collectorAddress;
        String want = (target.getAddress().length == 16 ? "[" + target.getHostAddress() + "]" : target.getHostAddress())
                + ":" + collectorPort;
        if (set != null && fresh.add(dsn)) {
            OvsdbOps.onRow(ops, "delete", "Flow_Sample_Collector_Set", setUuid);
            what[0] = "remaking " + dsn + "'s IPFIX export so it announces its templates to this node";
            return ops;
        }
        if (set == null) {
            fresh.add(dsn);
            ObjectNode ipfix = ops.addObject().put("op", "insert").put("table", "IPFIX").put("uuid-name", "dspipfix");
            ipfix.set("row", ipfixRow(want, dsn));
            ObjectNode row = ops.addObject().put("op", "insert").put("table", "Flow_Sample_Collector_Set").putObject("row");
            row.put("id", COLLECTOR_SET);
            row.set("bridge", M.createArrayNode().add("uuid").add(bridgeUuid));
            row.set("ipfix", M.createArrayNode().add("named-uuid").add("dspipfix"));
            row.set("external_ids", OvsdbOps.map(Map.of(TAG_KEY, TAG)));
            what[0] = "exporting " + dsn + "'s flow log samples (IPFIX) to " + want;
            return ops;
        }
        String ipfixUuid = OvsdbTables.uuids(set, "ipfix").stream().findFirst().orElse(null);
        JsonNode ipfix = ipfixUuid == null ? null : t.row("IPFIX", ipfixUuid);
        if (ipfix == null) {
            return null; // the IPFIX row's update has not arrived yet
        }
        if (want.equals(OvsdbTables.string(ipfix, "targets")) && dsn.equals(OvsdbTables.map(ipfix, "other_config").get("virtual_obs_id"))
                && Long.valueOf(ACTIVE_TIMEOUT_SECONDS).equals(OvsdbTables.integer(ipfix, "cache_active_timeout"))
                && Long.valueOf(CACHE_FLOWS).equals(OvsdbTables.integer(ipfix, "cache_max_flows"))) {
            return null;
        }
        OvsdbOps.onRow(ops, "update", "IPFIX", ipfixUuid).set("row", ipfixRow(want, dsn));
        what[0] = "correcting " + dsn + "'s IPFIX export to " + want;
        return ops;
    }

    /** Forgets what this process made for DSN {@code dsn}: a transaction on it failed, so the next look starts over. */
    public void forget(String dsn) {
        fresh.remove(dsn);
    }

    private static ObjectNode ipfixRow(String target, String dsn) {
        ObjectNode row = M.createObjectNode();
        row.put("targets", target);
        row.put("cache_active_timeout", ACTIVE_TIMEOUT_SECONDS);
        row.put("cache_max_flows", CACHE_FLOWS);
        row.set("other_config", OvsdbOps.map(Map.of("virtual_obs_id", dsn)));
        return row;
    }


}
