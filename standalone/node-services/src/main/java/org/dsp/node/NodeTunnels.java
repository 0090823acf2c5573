package org.dsp.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.dsp.app.api.Underlay;
import org.dsp.node.ovsdb.OvsdbSession;
import org.dsp.node.ovsdb.OvsdbOps;
import org.dsp.node.ovsdb.OvsdbTables;
import org.onlab.packet.Ip4Address;
import org.onosproject.net.DeviceId;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's side of each server's ovsdb-server (docs/overlay.md): it reads the server's DSN
 * bridge ({@code external_ids:dsp-bridge} of the Open_vSwitch row, default {@code br-dsn}), its
 * datapath id and the server's underlay address ({@code external_ids:dsp-encap-ip}, set by the
 * server's provisioning as OVN's {@code ovn-encap-ip} is), creates the bridge's flow-based VXLAN
 * port {@value Underlay#TUNNEL_PORT} (or corrects its options), and once Open vSwitch has given it
 * an OpenFlow port number, annotates the DSN with its underlay address: the DSP core then compiles
 * the DSN's tunnels.
 *
 * <p>An OVSDB connection speaks for a DSN only when it comes from the address of that DSN's
 * OpenFlow connection (which the OpenFlow server already keeps from being taken over): anyone
 * else reaching the OVSDB port cannot redirect a DSN's tunnels. A mismatch is a security event.
 */
final class NodeTunnels implements OvsdbSession.Listener, DeviceListener {
    private static final Logger LOG = LoggerFactory.getLogger(NodeTunnels.class);
    private static final ObjectMapper M = new ObjectMapper();
    static final String BRIDGE_KEY = "dsp-bridge";
    static final String ENCAP_KEY = "dsp-encap-ip";
    static final String DEFAULT_BRIDGE = "br-dsn";
    /**
     * The packet-ins per second a managed DSN may send the node (its Controller record's
     * controller_rate_limit), and the burst: every punt (rejects, neighbour discovery, packets too
     * large for a tunnel, health probes' answers, discovery) together, so no workload can flood
     * the node through its DSN.
     */
    static final long PUNT_RATE = 1000;
    static final long PUNT_BURST = 250;

    private final NodeDeviceService devices;
    private final SecurityEvents security;
    /** Sessions whose DSN was not connected by OpenFlow yet (all that named it): looked at again when it connects. */
    private final Map<DeviceId, java.util.Set<OvsdbSession>> waiting = new ConcurrentHashMap<>();
    /** What was last reported per session, so repeated updates log once. */
    private final Map<OvsdbSession, String> said = new ConcurrentHashMap<>();
    /** Sessions with a transaction on the tunnel port under way: updates meanwhile send no second one. */
    private final java.util.Set<OvsdbSession> busy = ConcurrentHashMap.newKeySet();

    /** Sessions whose flow-log export transaction failed, with when: tried again {@value #EXPORT_RETRY_MS} ms later. */
    private final Map<OvsdbSession, Long> exportFailed = new ConcurrentHashMap<>();
    static final long EXPORT_RETRY_MS = 60_000;
    /** Sessions whose zones transaction failed, with when: tried again {@value #EXPORT_RETRY_MS} ms later. */
    private final Map<OvsdbSession, Long> zonesFailed = new ConcurrentHashMap<>();
    private final org.dsp.node.flowlog.IpfixExport export;
    private final ConntrackReports conntrack;
    private final java.util.function.Supplier<java.util.Set<Integer>> zones;
    /** The sessions that speak for a DSN, and which. */
    private final Map<OvsdbSession, DeviceId> sessions = new ConcurrentHashMap<>();
    /** The keys for encryption between DSNs, or null (no encryption). */
    private volatile NodeEncryption encryption;

    /** Manages the DSNs' encryption with {@code keys} too (docs/encryption.md). */
    void encryption(NodeEncryption keys) {
        this.encryption = keys;
        keys.onChange(this::refresh);
        keys.onWithdraw(dsn -> devices.forget(dsn, NodeEncryption.ANNOTATIONS));
    }

    /** Manages the servers' tunnels and, unless {@code export} is null, their flow-log export; no conntrack reports. */
    NodeTunnels(NodeDeviceService devices, SecurityEvents security, org.dsp.node.flowlog.IpfixExport export) {
        this(devices, security, export, null, null);
    }

    /**
     * Also publishes the tenants' conntrack zones ({@code zones}) on each DSN bridge and takes its
     * server's reports of their entry counts into {@code conntrack}.
     */
    NodeTunnels(NodeDeviceService devices, SecurityEvents security, org.dsp.node.flowlog.IpfixExport export,
                ConntrackReports conntrack, java.util.function.Supplier<java.util.Set<Integer>> zones) {
        this.devices = devices;
        this.security = security;
        this.export = export;
        this.conntrack = conntrack;
        this.zones = zones;
    }

    /** Looks at every DSN's server again (the tenants changed: their zones are published anew). */
    void refresh() {
        sessions.keySet().forEach(s -> s.onLoop(() -> changed(s)));
    }

    @Override
    public void changed(OvsdbSession s) {
        if (!s.isActive()) {
            return; // a look queued before the connection closed: nothing to do for it any more
        }
        OvsdbTables t = s.tables();
        JsonNode root = t.rows("Open_vSwitch").values().stream().findFirst().orElse(null);
        Map<String, String> ids = OvsdbTables.map(root, "external_ids");
        String bridgeName = ids.getOrDefault(BRIDGE_KEY, DEFAULT_BRIDGE);
        String bridgeUuid = null;
        JsonNode bridge = null;
        for (Map.Entry<String, JsonNode> b : t.rows("Bridge").entrySet()) {
            if (bridgeName.equals(OvsdbTables.string(b.getValue(), "name"))) {
                bridgeUuid = b.getKey();
                bridge = b.getValue();
            }
        }
        String dpid = OvsdbTables.string(bridge, "datapath_id");
        if (bridge == null || dpid == null || !dpid.matches("[0-9a-f]{16}")) {
            report(s, "OVSDB {}: no bridge {} with a datapath id yet", s.remote(), bridgeName);
            return;
        }
        DeviceId dsn = DeviceId.deviceId("of:" + dpid);
        // waiting first, then the check: a DSN that connects in between finds the session waiting
        waiting.computeIfAbsent(dsn, k -> ConcurrentHashMap.newKeySet()).add(s);
        InetAddress channel = devices.channelAddress(dsn);
        if (channel == null) {
            report(s, "OVSDB {}: {} is not connected by OpenFlow yet; its tunnel waits", s.remote(), dsn);
            return;
        }
        unwait(dsn, s);
        if (!channel.equals(s.remote().getAddress())) {
            if (!Objects.equals(said.put(s, "mismatch"), "mismatch")) {
                security.event("ovsdb-identity-mismatch", "OVSDB connection from " + s.remote() + " names " + dsn
                        + ", whose OpenFlow channel comes from " + channel.getHostAddress() + ": ignored");
                LOG.warn("OVSDB {} names {}, connected by OpenFlow from {}: ignored", s.remote(), dsn, channel.getHostAddress());
            }
            return;
        }
        sessions.put(s, dsn);
        if (conntrack != null) {
            conntrack.update(dsn, OvsdbTables.map(bridge, "external_ids"), zones.get()); // the zones it is asked for only
        }
        if (busy.contains(s) || limitPunts(s, dsn, t, bridge) || exportFlowLogs(s, dsn, t, bridgeUuid)
                || publishZones(s, dsn, bridgeUuid, bridge)) {
            return; // a transaction is under way: this is looked at again when it completes
        }
        String encap = ids.get(ENCAP_KEY);
        Ip4Address underlay;
        try {
            underlay = encap == null ? null : Ip4Address.valueOf(encap);
        } catch (IllegalArgumentException e) {
            underlay = null;
        }
        if (underlay == null) {
            report(s, "OVSDB {}: {} has no IPv4 {} in external_ids: no tunnel", s.remote(), dsn, ENCAP_KEY);
            devices.forget(dsn, List.of(Underlay.ADDRESS, Underlay.PORT)); // no tunnels to a stale address
            return;
        }
        JsonNode iface = t.row("Interface", interfaceUuid(t, bridge, Underlay.TUNNEL_PORT));
        if (ensureTunnelPort(s, dsn, t, bridge, bridgeUuid, Underlay.TUNNEL_PORT, underlay.toString())) {
            return;
        }
        Long ofport = OvsdbTables.integer(iface, "ofport");
        if (ofport == null || ofport <= 0) {
            report(s, "OVSDB {}: {}'s tunnel port has no OpenFlow port number yet", s.remote(), dsn);
            return;
        }
        report(s, "OVSDB {}: {} has tunnel port {} (OpenFlow {}) with underlay address {}", s.remote(), dsn, Underlay.TUNNEL_PORT,
                ofport, underlay);
        devices.annotate(dsn, Map.of(Underlay.PORT, String.valueOf(ofport), Underlay.ADDRESS, underlay.toString()));
        if (encryption != null) {
            encrypt(s, dsn, t, bridge, bridgeUuid, t.rows("Open_vSwitch").keySet().iterator().next(), ids);
        }
    }

    /**
     * Brings the DSN's encryption one step closer to what the node's keys say (docs/encryption.md):
     * the keys, secure address and peers in the server's external_ids for its agent, then the
     * encrypted tunnel port; once the agent reports the DSN's current key in place and both the
     * encrypted tunnel port and the WireGuard endpoint's port are numbered, the DSN is annotated
     * with its encrypted endpoint. A DSN without an endpoint, or whose keys are withdrawn, loses
     * the annotations (and the server its keys) at once.
     */
    private void encrypt(OvsdbSession s, DeviceId dsn, OvsdbTables t, JsonNode bridge, String bridgeUuid, String rootUuid,
                         Map<String, String> ids) {
        String endpoint = ids.get(NodeEncryption.ENDPOINT_KEY);
        String invalid = endpoint == null ? null : encryption.invalid(endpoint);
        if (invalid != null) {
            report(s, "OVSDB {}: {}'s {} '{}' cannot be a WireGuard endpoint ({}): no encryption", s.remote(), dsn,
                    NodeEncryption.ENDPOINT_KEY, endpoint, invalid);
            endpoint = null;
        }
        Map<String, String> want = encryption.desired(dsn, endpoint);
        if (want.isEmpty()) {
            devices.forget(dsn, NodeEncryption.ANNOTATIONS);
        }
        Map<String, String> have = new java.util.HashMap<>();
        for (String k : NodeEncryption.WRITTEN) {
            if (ids.containsKey(k)) {
                have.put(k, ids.get(k));
            }
        }
        NodeEncryption.Entry keys = encryption.entry(dsn);
        if (!have.equals(want)) {
            ArrayNode ops = M.createArrayNode();
            OvsdbOps.replaceKeys(ops, "Open_vSwitch", rootUuid, "external_ids", NodeEncryption.WRITTEN, want);
            send(s, ops, want.isEmpty() ? "removing " + dsn + "'s encryption keys" : "writing " + dsn + "'s encryption keys (generation "
                    + keys.generation + ", public key " + keys.publicKey + ", secure address " + want.get(NodeEncryption.ADDRESS_KEY)
                    + ", " + (want.get(NodeEncryption.PEERS_KEY).isEmpty() ? 0 : want.get(NodeEncryption.PEERS_KEY).split(";").length)
                    + " peer(s))");
            return;
        }
        if (want.isEmpty()) {
            return;
        }
        String secure = want.get(NodeEncryption.ADDRESS_KEY);
        if (ensureTunnelPort(s, dsn, t, bridge, bridgeUuid, Underlay.SECURE_TUNNEL_PORT, secure)) {
            return;
        }
        Long secPort = OvsdbTables.integer(t.row("Interface", interfaceUuid(t, bridge, Underlay.SECURE_TUNNEL_PORT)), "ofport");
        Long wgPort = OvsdbTables.integer(t.row("Interface", interfaceUuid(t, bridge, Underlay.WIREGUARD_PORT_NAME)), "ofport");
        String pub = keys.publicKey;
        String status = ids.get(NodeEncryption.STATUS_KEY);
        if (status == null || !status.startsWith("ready ")) {
            // the agent stopped, failed or runs no key: no encrypted tenant's traffic is sent towards this DSN
            devices.forget(dsn, NodeEncryption.ANNOTATIONS);
        }
        if (secPort == null || secPort <= 0 || wgPort == null || wgPort <= 0 || !("ready " + pub).equals(status)) {
            // the agent runs an earlier key (a rotation under way): what is annotated stays until it runs the current one
            report(s, "OVSDB {}: {}'s encryption waits for its agent (status '{}', encrypted tunnel port {}, WireGuard port {})",
                    s.remote(), dsn, status, secPort, wgPort);
            return;
        }
        report(s, "OVSDB {}: {} encrypts: secure address {} on port {}, WireGuard endpoint {} on port {}, key {}", s.remote(), dsn,
                secure, secPort, endpoint, wgPort, pub);
        devices.annotate(dsn, Map.of(Underlay.SECURE_ADDRESS, secure, Underlay.SECURE_PORT, String.valueOf(secPort),
                Underlay.WIREGUARD_PORT, String.valueOf(wgPort), Underlay.WIREGUARD_ADDRESS, endpoint.split("/")[0]));
    }

    /** Bounds the packet-ins of the DSN's controllers; returns whether a transaction was sent. */
    private boolean limitPunts(OvsdbSession s, DeviceId dsn, OvsdbTables t, JsonNode bridge) {
        ArrayNode ops = M.createArrayNode();
        for (String c : OvsdbTables.uuids(bridge, "controller")) {
            JsonNode row = t.row("Controller", c);
            if (row == null || (Long.valueOf(PUNT_RATE).equals(OvsdbTables.integer(row, "controller_rate_limit"))
                    && Long.valueOf(PUNT_BURST).equals(OvsdbTables.integer(row, "controller_burst_limit")))) {
                continue;
            }
            OvsdbOps.onRow(ops, "update", "Controller", c).putObject("row").put("controller_rate_limit", PUNT_RATE)
                    .put("controller_burst_limit", PUNT_BURST);
        }
        if (ops.isEmpty()) {
            return false;
        }
        send(s, ops, "limiting " + dsn + "'s packet-ins to " + PUNT_RATE + "/s (burst " + PUNT_BURST + ")");
        return true;
    }

    /** Brings the DSN's IPFIX export of flow-log samples one step closer to the node's collector; returns whether a transaction was sent. */
    private boolean exportFlowLogs(OvsdbSession s, DeviceId dsn, OvsdbTables t, String bridgeUuid) {
        if (export == null || s.local() == null || failedLately(exportFailed, s)) {
            return false;
        }
        String[] what = {null};
        ArrayNode ops = export.operations(dsn.toString(), t, bridgeUuid, s.local().getAddress(), what);
        if (ops == null) {
            if (what[0] != null) {
                report(s, "OVSDB {}: {}", s.remote(), what[0]);
            }
            return false;
        }
        LOG.info("OVSDB {}: {}", s.remote(), what[0]);
        sendOptional(s, ops, what[0], exportFailed, () -> export.forget(dsn.toString()));
        return true;
    }

    /** Writes the tenants' conntrack zones into the bridge's external_ids for its server's reporter; returns whether a transaction was sent. */
    private boolean publishZones(OvsdbSession s, DeviceId dsn, String bridgeUuid, JsonNode bridge) {
        if (zones == null) {
            return false;
        }
        String want = String.join(",", zones.get().stream().sorted().map(String::valueOf).toArray(String[]::new));
        if (want.equals(OvsdbTables.map(bridge, "external_ids").get(ConntrackReports.ZONES_KEY)) || failedLately(zonesFailed, s)) {
            return false;
        }
        ArrayNode ops = M.createArrayNode();
        OvsdbOps.replaceKeys(ops, "Bridge", bridgeUuid, "external_ids", List.of(ConntrackReports.ZONES_KEY),
                Map.of(ConntrackReports.ZONES_KEY, want));
        String what = "publishing the tenants' conntrack zones on " + dsn + " for its dsp-ct-reporter: " + want;
        report(s, "OVSDB {}: {}", s.remote(), what); // once per value: a server that keeps undoing it does not flood the log
        sendOptional(s, ops, what, zonesFailed, () -> { });
        return true;
    }

    /** Whether a transaction of the kind {@code failed} tracks failed on this session less than {@value #EXPORT_RETRY_MS} ms ago. */
    private static boolean failedLately(Map<OvsdbSession, Long> failed, OvsdbSession s) {
        Long when = failed.get(s);
        return when != null && System.currentTimeMillis() - when < EXPORT_RETRY_MS;
    }

    /**
     * Sends a transaction the tunnel does not wait for: whatever becomes of it, the session is looked
     * at again at once; a failure is noted in {@code failed} (then {@code onFailure} runs) and the
     * transaction is tried again {@value #EXPORT_RETRY_MS} ms later.
     */
    private void sendOptional(OvsdbSession s, ArrayNode ops, String what, Map<OvsdbSession, Long> failed, Runnable onFailure) {
        busy.add(s);
        s.transact(ops).whenComplete((r, e) -> {
            busy.remove(s);
            if (e != null) {
                failed.put(s, System.currentTimeMillis());
                onFailure.run();
                LOG.warn("OVSDB {}: {} failed: {}; tried again in {} s", s.remote(), what, e.getMessage(), EXPORT_RETRY_MS / 1000);
                s.onLoopAfter(EXPORT_RETRY_MS + 1, () -> changed(s));
            }
            s.onLoop(() -> changed(s));
        });
    }

    /** The uuid of the bridge's interface named {@code name}, or null. */
    private static String interfaceUuid(OvsdbTables t, JsonNode bridge, String name) {
        for (String port : OvsdbTables.uuids(bridge, "ports")) {
            for (String i : OvsdbTables.uuids(t.row("Port", port), "interfaces")) {
                if (name.equals(OvsdbTables.string(t.row("Interface", i), "name"))) {
                    return i;
                }
            }
        }
        return null;
    }

    /**
     * Makes the bridge's port {@code name} a flow-based VXLAN port with local address {@code local}
     * (creating it or correcting its type and options); returns whether a transaction was sent.
     */
    private boolean ensureTunnelPort(OvsdbSession s, DeviceId dsn, OvsdbTables t, JsonNode bridge, String bridgeUuid, String name,
                                     String local) {
        Map<String, String> options = Map.of("key", "flow", "remote_ip", "flow", "local_ip", local);
        String uuid = interfaceUuid(t, bridge, name);
        JsonNode iface = t.row("Interface", uuid);
        if (iface == null) {
            create(s, dsn, bridgeUuid, name, options);
            return true;
        }
        if (!"vxlan".equals(OvsdbTables.string(iface, "type")) || !options.equals(OvsdbTables.map(iface, "options"))) {
            update(s, dsn, uuid, name, options);
            return true;
        }
        return false;
    }

    private void create(OvsdbSession s, DeviceId dsn, String bridgeUuid, String name, Map<String, String> options) {
        ArrayNode ops = M.createArrayNode();
        ObjectNode iface = ops.addObject().put("op", "insert").put("table", "Interface").put("uuid-name", "dsptunif");
        iface.putObject("row").put("name", name).put("type", "vxlan").set("options", OvsdbOps.map(options));
        ObjectNode port = ops.addObject().put("op", "insert").put("table", "Port").put("uuid-name", "dsptunport");
        port.putObject("row").put("name", name).set("interfaces", M.createArrayNode().add("named-uuid").add("dsptunif"));
        OvsdbOps.onRow(ops, "mutate", "Bridge", bridgeUuid).putArray("mutations").addArray().add("ports").add("insert")
                .add(M.createArrayNode().add("set").add(M.createArrayNode().add(M.createArrayNode().add("named-uuid").add("dsptunport"))));
        send(s, ops, "creating " + dsn + "'s tunnel port " + name + " (" + options + ")");
    }

    private void update(OvsdbSession s, DeviceId dsn, String ifaceUuid, String name, Map<String, String> options) {
        ArrayNode ops = M.createArrayNode();
        OvsdbOps.onRow(ops, "update", "Interface", ifaceUuid).putObject("row").put("type", "vxlan").set("options", OvsdbOps.map(options));
        send(s, ops, "correcting " + dsn + "'s tunnel port " + name + " to " + options);
    }


    /**
     * Sends a transaction, one at a time per session: after it succeeds the session's tables are
     * looked at again (what arrived meanwhile); a failure waits for the next update.
     */
    private void send(OvsdbSession s, ArrayNode ops, String what) {
        LOG.info("OVSDB {}: {}", s.remote(), what);
        busy.add(s);
        s.transact(ops).whenComplete((r, e) -> {
            busy.remove(s);
            if (e != null) {
                LOG.warn("OVSDB {}: {} failed: {}", s.remote(), what, e.getMessage());
            } else {
                s.onLoop(() -> changed(s));
            }
        });
    }


    private void report(OvsdbSession s, String format, Object... args) {
        String key = format + java.util.Arrays.toString(args);
        if (!key.equals(said.put(s, key))) {
            LOG.info(format, args);
        }
    }

    @Override
    public void closed(OvsdbSession s) {
        DeviceId dsn = sessions.remove(s);
        if (dsn != null && conntrack != null && !sessions.containsValue(dsn)) {
            conntrack.forget(dsn); // not when a newer connection of the server already speaks for it
        }
        busy.remove(s);
        exportFailed.remove(s);
        zonesFailed.remove(s);
        said.remove(s);
        waiting.values().forEach(w -> w.remove(s));
    }

    private void unwait(DeviceId dsn, OvsdbSession s) {
        java.util.Set<OvsdbSession> w = waiting.get(dsn);
        if (w != null) {
            w.remove(s);
        }
    }

    @Override
    public void event(DeviceEvent e) {
        if (e.type() == DeviceEvent.Type.DEVICE_ADDED) {
            for (OvsdbSession s : waiting.getOrDefault(e.subject().id(), java.util.Set.of())) {
                s.onLoop(() -> changed(s));
            }
        }
    }
}
