package org.dsp.node;

import java.io.File;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/** How a node runs: addresses, store, device roles and discovery timing. Immutable; made with {@link #builder()}. */
public final class NodeOptions {
    private final File dataDir;
    private final InetSocketAddress openflow;
    private final String restHost;
    private final int restPort;
    private final Map<DeviceId, PortNumber> uplinks;
    private final boolean keepForeign;
    private final Set<DeviceId> fabric;
    private final long probeMillis;
    private final long auditMillis;
    private final long maxBodyBytes;
    private final File restTls;
    private final File openflowTls;
    private final File openflowCa;
    private final File switchClaims;
    private final char[] tlsPassword;
    private final InetSocketAddress ovsdb;
    private final org.onlab.packet.Ip4Prefix encryptPool;
    private final InetSocketAddress ipfix;
    private final int flowLogMax;
    private final int flowLogMaxPerTenant;
    private final long flowLogRetentionSeconds;
    private final Map<DeviceId, String> gateways;

    private NodeOptions(Builder b) {
        dataDir = Objects.requireNonNull(b.dataDir, "dataDir");
        openflow = b.openflow;
        restHost = b.restHost;
        restPort = b.restPort;
        uplinks = Map.copyOf(b.uplinks);
        gateways = Map.copyOf(b.gateways);
        keepForeign = b.keepForeign;
        fabric = Set.copyOf(b.fabric);
        probeMillis = b.probeMillis;
        auditMillis = b.auditMillis;
        maxBodyBytes = b.maxBodyBytes;
        restTls = b.restTls;
        openflowTls = b.openflowTls;
        openflowCa = b.openflowCa;
        switchClaims = b.switchClaims;
        tlsPassword = b.tlsPassword;
        if ((restTls != null || openflowTls != null) && tlsPassword == null) {
            throw new IllegalArgumentException("--tls-password-file: required with --rest-tls or --openflow-tls (the keystores' password)");
        }
        if (openflowTls != null && openflowCa == null) {
            throw new IllegalArgumentException("--openflow-ca: required with --openflow-tls (the CA that signs switch certificates)");
        }
        ovsdb = b.ovsdb;
        encryptPool = b.encryptPool;
        ipfix = b.ipfix;
        flowLogMax = b.flowLogMax;
        flowLogMaxPerTenant = b.flowLogMaxPerTenant == 0 ? Math.max(1, b.flowLogMax / 4) : b.flowLogMaxPerTenant;
        if (flowLogMaxPerTenant > flowLogMax) {
            throw new IllegalArgumentException("--flow-log-max-per-tenant " + flowLogMaxPerTenant + ": must be at most --flow-log-max ("
                    + flowLogMax + ")");
        }
        flowLogRetentionSeconds = b.flowLogRetentionSeconds;
    }

    /** Returns where the node collects the DSNs' IPFIX flow-log samples (UDP), or null: no flow logs. */
    public InetSocketAddress ipfix() {
        return ipfix;
    }

    /** Returns the most flow-log records the node keeps. */
    public int flowLogMax() {
        return flowLogMax;
    }

    /** Returns the most flow-log records one tenant may hold (default a quarter of {@link #flowLogMax()}). */
    public int flowLogMaxPerTenant() {
        return flowLogMaxPerTenant;
    }

    /** Returns how long a flow-log record is kept after it was last seen, in seconds. */
    public long flowLogRetentionSeconds() {
        return flowLogRetentionSeconds;
    }

    /** Returns the pool the DSNs' secure addresses come from (docs/encryption.md). */
    public org.onlab.packet.Ip4Prefix encryptPool() {
        return encryptPool;
    }

    /** Returns where servers' ovsdb-servers connect to the node (set-manager), or null: no OVSDB southbound. */
    public InetSocketAddress ovsdb() {
        return ovsdb;
    }

    /** Returns a builder: OpenFlow on 127.0.0.1, any free port; REST on 127.0.0.1, any free port; probes every 3 s. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the directory of the durable store. */
    public File dataDir() {
        return dataDir;
    }

    /** Returns the OpenFlow listen address (port 0: any free port). */
    public InetSocketAddress openflow() {
        return openflow;
    }

    /** Returns the REST host. */
    public String restHost() {
        return restHost;
    }

    /** Returns the REST port (0: any free port). */
    public int restPort() {
        return restPort;
    }

    /** Returns the configured NAT gateways: each DSN's external port and next hop, {@code PORT@NEXT-HOP-MAC} (docs/nat.md). */
    public Map<DeviceId, String> gateways() {
        return gateways;
    }

    /** Returns the configured uplinks (DSN port towards the fabric), for networks without discovery. */
    public Map<DeviceId, PortNumber> uplinks() {
        return uplinks;
    }

    /** Returns whether flows with cookies that are not DSP's are left on the switches. */
    public boolean keepForeign() {
        return keepForeign;
    }

    /** Returns the fabric switches (L2 switching plus discovery); every other switch is a DSN. */
    public Set<DeviceId> fabric() {
        return fabric;
    }

    /** Returns the LLDP probe period in milliseconds (links unseen for 3 periods + 1 s are removed). */
    public long probeMillis() {
        return probeMillis;
    }

    /**
     * Reads options from properties {@code dsp.node.openflow} (HOST:PORT), {@code dsp.node.rest}
     * (HOST:PORT), {@code dsp.node.data-dir}, {@code dsp.node.uplinks} (DSN=PORT,...),
     * {@code dsp.node.fabric} (DPID,...), {@code dsp.node.keep-foreign} (true/false) and
     * {@code dsp.node.probe-ms}; absent ones take the command line's defaults. A bad value throws
     * IllegalArgumentException naming the option, the value and the reason.
     */
    public static NodeOptions fromProperties(java.util.function.Function<String, String> p) {
        java.util.function.BiFunction<String, String, String> get = (k, d) -> p.apply(k) == null ? d : p.apply(k);
        InetSocketAddress of = parseAddress("--openflow", get.apply("dsp.node.openflow", "0.0.0.0:6653"));
        InetSocketAddress rest = parseAddress("--rest", get.apply("dsp.node.rest", "127.0.0.1:8181"));
        long probe;
        try {
            probe = Long.parseLong(get.apply("dsp.node.probe-ms", "3000"));
        } catch (NumberFormatException e) {
            probe = -1;
        }
        if (probe < 100) {
            throw new IllegalArgumentException("--probe-ms " + get.apply("dsp.node.probe-ms", "") + ": must be at least 100");
        }
        InetSocketAddress ovsdb = get.apply("dsp.node.ovsdb", "").isBlank() ? null
                : resolved(parseAddress("--ovsdb", get.apply("dsp.node.ovsdb", "")));
        return builder().dataDir(new File(get.apply("dsp.node.data-dir", ".dsp/node")))
                .openflow(new InetSocketAddress(of.getHostString(), of.getPort())).rest(rest.getHostString(), rest.getPort())
                .uplinks(parseUplinks(list(get.apply("dsp.node.uplinks", ""))))
                .gateways(parseGateways(list(get.apply("dsp.node.gateways", ""))))
                .fabric(parseFabric(list(get.apply("dsp.node.fabric", ""))))
                .keepForeign(Boolean.parseBoolean(get.apply("dsp.node.keep-foreign", "false"))).probeMillis(probe)
                .auditMillis(number("--audit-ms", get.apply("dsp.node.audit-ms", "10000")))
                .maxBodyBytes(megabytes(get.apply("dsp.node.max-body-mb", String.valueOf(org.dsp.app.rest.BodyLimit.DEFAULT >> 20))))
                .ovsdb(ovsdb)
                .encryptPool(pool(get.apply("dsp.node.encrypt-pool", DEFAULT_ENCRYPT_POOL)))
                .ipfix(ipfix(get.apply("dsp.node.ipfix", ""), ovsdb))
                .flowLogMax(number("--flow-log-max", get.apply("dsp.node.flow-log-max", "100000")))
                .flowLogMaxPerTenant(number("--flow-log-max-per-tenant", get.apply("dsp.node.flow-log-max-per-tenant", "0")))
                .flowLogRetentionSeconds(number("--flow-log-retention", get.apply("dsp.node.flow-log-retention", "3600")))
                .restTls(file("--rest-tls", get.apply("dsp.node.rest-tls", "")))
                .openflowTls(file("--openflow-tls", get.apply("dsp.node.openflow-tls", "")))
                .openflowCa(file("--openflow-ca", get.apply("dsp.node.openflow-ca", "")))
                .switchClaims(file("--switch-claims", get.apply("dsp.node.switch-claims", "")))
                .tlsPassword(password(file("--tls-password-file", get.apply("dsp.node.tls-password-file", ""))))
                .build();
    }

    /** The default pool of the DSNs' secure addresses (docs/encryption.md). */
    public static final String DEFAULT_ENCRYPT_POOL = "10.254.0.0/16";

    /** Parses {@code --encrypt-pool}: an IPv4 prefix of /8 to /28, no host bits. */
    private static org.onlab.packet.Ip4Prefix pool(String v) {
        org.onlab.packet.Ip4Prefix p;
        try {
            p = org.onlab.packet.Ip4Prefix.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--encrypt-pool " + v + ": not an IPv4 prefix (ADDRESS/LENGTH)");
        }
        if (p.prefixLength() < 8 || p.prefixLength() > 28 || !p.toString().equals(v)) {
            throw new IllegalArgumentException("--encrypt-pool " + v + ": a prefix of /8 to /28 without host bits");
        }
        return p;
    }

    /**
     * The IPFIX collector's address: {@code off}, HOST:PORT, or blank: with an OVSDB southbound (which
     * configures the DSNs' export), its host and port {@value #IPFIX_PORT} (0 when OVSDB's is 0), else off.
     */
    private static InetSocketAddress ipfix(String v, InetSocketAddress ovsdb) {
        if ("off".equals(v) || (v.isBlank() && ovsdb == null)) {
            return null;
        }
        if (v.isBlank()) {
            return new InetSocketAddress(ovsdb.getAddress(), ovsdb.getPort() == 0 ? 0 : IPFIX_PORT);
        }
        return resolved(parseAddress("--ipfix", v));
    }

    /** IPFIX's registered port (RFC 7011). */
    public static final int IPFIX_PORT = 4739;

    /** A readable file named by option {@code option}, or null when the value is blank. */
    private static File file(String option, String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        File f = new File(v);
        if (!f.isFile() || !f.canRead()) {
            throw new IllegalArgumentException(option + " " + v + ": not a readable file");
        }
        return f;
    }

    /** The first line of a password file, or null. */
    private static char[] password(File f) {
        if (f == null) {
            return null;
        }
        try {
            String s = java.nio.file.Files.readString(f.toPath()).lines().findFirst().orElse("");
            return s.toCharArray();
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--tls-password-file " + f + ": " + e.getMessage());
        }
    }

    /** The address to bind (parsed addresses are left unresolved). */
    private static InetSocketAddress resolved(InetSocketAddress a) {
        return new InetSocketAddress(a.getHostString(), a.getPort());
    }

    private static long megabytes(String v) {
        try {
            long mb = Long.parseLong(v.trim());
            if (mb >= 1 && mb <= 4096) {
                return mb << 20;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--max-body-mb " + v + ": expected a number of MiB, 1..4096");
    }

    private static long number(String option, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + v + ": expected a number of milliseconds");
        }
    }

    private static java.util.List<String> list(String csv) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String v : csv.split(",")) {
            if (!v.isBlank()) {
                out.add(v.trim());
            }
        }
        return out;
    }

    /** Parses --uplink values (DSN=PORT); an error names the value and says what is expected. */
    public static Map<DeviceId, PortNumber> parseUplinks(java.util.List<String> values) {
        Map<DeviceId, PortNumber> up = new java.util.LinkedHashMap<>();
        for (String u : values) {
            int eq = u.lastIndexOf('=');
            String dsn = eq < 0 ? "" : u.substring(0, eq);
            if (!dsn.matches("of:[0-9a-fA-F]{16}")) {
                throw new IllegalArgumentException("--uplink " + u + ": expected DSN=PORT with DSN of:<16 hex digits>, "
                        + "e.g. of:0000000000000001=10");
            }
            long port;
            try {
                port = Long.parseLong(u.substring(eq + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 0xffffff00L) {
                throw new IllegalArgumentException("--uplink " + u + ": PORT must be an OpenFlow port number 1..4294967040");
            }
            if (up.put(DeviceId.deviceId(dsn.toLowerCase()), PortNumber.portNumber(port)) != null) {
                throw new IllegalArgumentException("--uplink " + u + ": " + dsn + " already has an uplink");
            }
        }
        return up;
    }

    /** Parses --gateway values (DSN=PORT@NEXT-HOP-MAC); an error names the value. */
    public static Map<DeviceId, String> parseGateways(java.util.List<String> values) {
        Map<DeviceId, String> out = new java.util.LinkedHashMap<>();
        for (String g : values) {
            int eq = g.lastIndexOf('=');
            String dsn = eq < 0 ? "" : g.substring(0, eq);
            String ext = eq < 0 ? "" : g.substring(eq + 1);
            if (!dsn.matches("of:[0-9a-fA-F]{16}") || !ext.matches("[1-9][0-9]{0,9}@[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}")) {
                throw new IllegalArgumentException("--gateway " + g + ": expected DSN=PORT@NEXT-HOP-MAC with DSN of:<16 hex digits>, "
                        + "e.g. of:0000000000000001=20@02:00:00:00:00:fe");
            }
            if (Long.parseLong(ext.substring(0, ext.indexOf('@'))) > 0xffffff00L) {
                throw new IllegalArgumentException("--gateway " + g + ": PORT must be an OpenFlow port number 1..4294967040");
            }
            if (out.put(DeviceId.deviceId(dsn.toLowerCase()), ext.toLowerCase()) != null) {
                throw new IllegalArgumentException("--gateway " + g + ": " + dsn + " is already a gateway");
            }
        }
        return out;
    }

    /** Parses --fabric values (of:<16 hex digits>); an error names the value. */
    public static Set<DeviceId> parseFabric(java.util.List<String> values) {
        Set<DeviceId> out = new java.util.LinkedHashSet<>();
        for (String v : values) {
            if (!v.matches("of:[0-9a-fA-F]{16}")) {
                throw new IllegalArgumentException("--fabric " + v + ": expected a device id of:<16 hex digits>, "
                        + "e.g. of:0000000000000b00");
            }
            out.add(DeviceId.deviceId(v.toLowerCase()));
        }
        return out;
    }

    /** Parses a HOST:PORT option value; an error names the option. */
    public static InetSocketAddress parseAddress(String option, String value) {
        int colon = value.lastIndexOf(':');
        int port = -1;
        if (colon > 0) {
            try {
                port = Integer.parseInt(value.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(option + " " + value + ": expected HOST:PORT with PORT 0..65535, e.g. 127.0.0.1:8181");
        }
        return InetSocketAddress.createUnresolved(value.substring(0, colon), port);
    }

    /** Returns the largest request body the REST API reads, in bytes (larger ones get 413). */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Returns the period of flow audits in milliseconds (flow stats read, FlowEntry states, drift repaired); 0 = none. */
    public long auditMillis() {
        return auditMillis;
    }

    /** Returns the PKCS#12 keystore REST serves TLS with, or null for plain HTTP. */
    public File restTls() {
        return restTls;
    }

    /** Returns the PKCS#12 keystore OpenFlow serves TLS with, or null for plain TCP. */
    public File openflowTls() {
        return openflowTls;
    }

    /** Returns the PEM file of the CA certificates that sign switch certificates (with OpenFlow TLS). */
    public File openflowCa() {
        return openflowCa;
    }

    /** Returns the file saying which datapath ids each switch certificate may claim, or null (the CN rule). */
    public File switchClaims() {
        return switchClaims;
    }

    /** Returns the keystores' password, or null. */
    public char[] tlsPassword() {
        return tlsPassword == null ? null : tlsPassword.clone();
    }

    /** Builds {@link NodeOptions}. */
    public static final class Builder {
        private File dataDir;
        private InetSocketAddress openflow = new InetSocketAddress("127.0.0.1", 0);
        private String restHost = "127.0.0.1";
        private int restPort;
        private Map<DeviceId, PortNumber> uplinks = Map.of();
        private Map<DeviceId, String> gateways = Map.of();
        private boolean keepForeign;
        private Set<DeviceId> fabric = Set.of();
        private long probeMillis = 3000;
        private long auditMillis = 10000;
        private long maxBodyBytes = org.dsp.app.rest.BodyLimit.DEFAULT;
        private InetSocketAddress ovsdb;
        private org.onlab.packet.Ip4Prefix encryptPool = org.onlab.packet.Ip4Prefix.valueOf(DEFAULT_ENCRYPT_POOL);
        private InetSocketAddress ipfix;
        private int flowLogMax = 100_000;
        private int flowLogMaxPerTenant;
        private long flowLogRetentionSeconds = 3600;
        private File restTls;
        private File openflowTls;
        private File openflowCa;
        private File switchClaims;
        private char[] tlsPassword;

        private Builder() {
        }

        /** Serves REST over TLS with this PKCS#12 keystore (null: plain HTTP). */
        public Builder restTls(File p12) {
            restTls = p12;
            return this;
        }

        /** Serves OpenFlow over TLS with this PKCS#12 keystore (null: plain TCP); switches must present certificates. */
        public Builder openflowTls(File p12) {
            openflowTls = p12;
            return this;
        }

        /** Sets the PEM file of the CA certificates that sign switch certificates. */
        public Builder openflowCa(File pem) {
            openflowCa = pem;
            return this;
        }

        /** Sets the file of datapath ids each switch certificate may claim (null: its CN must be the datapath id). */
        public Builder switchClaims(File f) {
            switchClaims = f;
            return this;
        }

        /** Sets the keystores' password. */
        public Builder tlsPassword(char[] p) {
            tlsPassword = p == null ? null : p.clone();
            return this;
        }

        /** Sets where the DSNs' IPFIX flow-log samples are collected (null: no flow logs). */
        public Builder ipfix(InetSocketAddress a) {
            ipfix = a;
            return this;
        }

        /** Sets the most flow-log records kept (1 to 10,000,000). */
        public Builder flowLogMax(long n) {
            if (n < 1 || n > 10_000_000) {
                throw new IllegalArgumentException("--flow-log-max " + n + ": must be 1 to 10000000");
            }
            flowLogMax = (int) n;
            return this;
        }

        /** Sets the most flow-log records one tenant may hold (0: a quarter of the total). */
        public Builder flowLogMaxPerTenant(long n) {
            if (n < 0 || n > 10_000_000) {
                throw new IllegalArgumentException("--flow-log-max-per-tenant " + n + ": must be 0 (a quarter of --flow-log-max) to 10000000");
            }
            flowLogMaxPerTenant = (int) n;
            return this;
        }

        /** Sets how long a flow-log record is kept after it was last seen (1 s to 30 days). */
        public Builder flowLogRetentionSeconds(long s) {
            if (s < 1 || s > 30L * 86400) {
                throw new IllegalArgumentException("--flow-log-retention " + s + ": must be 1 to 2592000 seconds");
            }
            flowLogRetentionSeconds = s;
            return this;
        }

        /** Sets the pool of the DSNs' secure addresses. */
        public Builder encryptPool(org.onlab.packet.Ip4Prefix p) {
            encryptPool = java.util.Objects.requireNonNull(p);
            return this;
        }

        /** Sets where servers' ovsdb-servers connect (null: no OVSDB southbound). */
        public Builder ovsdb(InetSocketAddress a) {
            ovsdb = a;
            return this;
        }

        /** Sets the largest REST request body read, in bytes. */
        public Builder maxBodyBytes(long bytes) {
            maxBodyBytes = bytes;
            return this;
        }

        /** Sets the flow audit period (0: no audits; else at least 500 ms). */
        public Builder auditMillis(long ms) {
            if (ms != 0 && ms < 500) {
                throw new IllegalArgumentException("--audit-ms " + ms + ": must be 0 (off) or at least 500");
            }
            auditMillis = ms;
            return this;
        }

        /** Sets the directory of the durable store. */
        public Builder dataDir(File d) {
            dataDir = d;
            return this;
        }

        /** Sets the OpenFlow listen address. */
        public Builder openflow(InetSocketAddress a) {
            openflow = Objects.requireNonNull(a);
            return this;
        }

        /** Sets the REST host and port. */
        public Builder rest(String host, int port) {
            restHost = Objects.requireNonNull(host);
            restPort = port;
            return this;
        }

        /** Sets the configured NAT gateways (DSN to {@code PORT@NEXT-HOP-MAC}). */
        public Builder gateways(Map<DeviceId, String> g) {
            gateways = Objects.requireNonNull(g);
            return this;
        }

        /** Sets the configured uplinks. */
        public Builder uplinks(Map<DeviceId, PortNumber> u) {
            uplinks = Objects.requireNonNull(u);
            return this;
        }

        /** Sets whether flows of other controllers are kept. */
        public Builder keepForeign(boolean k) {
            keepForeign = k;
            return this;
        }

        /** Sets the fabric switches. */
        public Builder fabric(Set<DeviceId> f) {
            fabric = Objects.requireNonNull(f);
            return this;
        }

        /** Sets the probe period (at least 100 ms). */
        public Builder probeMillis(long ms) {
            if (ms < 100) {
                throw new IllegalArgumentException("probe period must be at least 100 ms, got " + ms);
            }
            probeMillis = ms;
            return this;
        }

        /** Returns the options. */
        public NodeOptions build() {
            return new NodeOptions(this);
        }
    }
}
