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

    private NodeOptions(Builder b) {
        dataDir = Objects.requireNonNull(b.dataDir, "dataDir");
        openflow = b.openflow;
        restHost = b.restHost;
        restPort = b.restPort;
        uplinks = Map.copyOf(b.uplinks);
        keepForeign = b.keepForeign;
        fabric = Set.copyOf(b.fabric);
        probeMillis = b.probeMillis;
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

    /** Builds {@link NodeOptions}. */
    public static final class Builder {
        private File dataDir;
        private InetSocketAddress openflow = new InetSocketAddress("127.0.0.1", 0);
        private String restHost = "127.0.0.1";
        private int restPort;
        private Map<DeviceId, PortNumber> uplinks = Map.of();
        private boolean keepForeign;
        private Set<DeviceId> fabric = Set.of();
        private long probeMillis = 3000;

        private Builder() {
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
