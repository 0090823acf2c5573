package org.dsp.app.api;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.onosproject.net.DeviceId;

/** The realization of one tenant version on each DSN. */
public final class TenantStatus {
    /** The state of one DSN for the tenant. */
    public static final class DsnStatus {
        private final RealizationState state;
        private final int flows;
        private final long millis;
        private final String reason;
        private final DsnLoad load;

        /** Creates a DSN status. */
        public DsnStatus(RealizationState state, int flows, long millis, String reason) {
            this(state, flows, millis, reason, null);
        }

        /** Creates a DSN status with the tenant's load on the DSN (null when unknown). */
        public DsnStatus(RealizationState state, int flows, long millis, String reason, DsnLoad load) {
            this.state = Objects.requireNonNull(state);
            this.flows = flows;
            this.millis = millis;
            this.reason = reason;
            this.load = load;
        }

        /** Returns this status in another state, with another reason (same load and counts). */
        public DsnStatus with(RealizationState s, long ms, String why) {
            return new DsnStatus(s, flows, ms, why, load);
        }

        /** Returns the tenant's load on the DSN as compiled for this change, or null. */
        public DsnLoad load() {
            return load;
        }

        /** Returns the state. */
        public RealizationState state() {
            return state;
        }

        /** Returns the number of flow operations sent for the last change. */
        public int flows() {
            return flows;
        }

        /** Returns the time from accepting the document to confirmation, in ms (-1 while pending). */
        public long millis() {
            return millis;
        }

        /** Returns why it failed, or null. */
        public String reason() {
            return reason;
        }
    }

    private final String tenant;
    private final long version;
    private final Map<DeviceId, DsnStatus> dsns;
    private final String failure;

    /** Creates a status. */
    public TenantStatus(String tenant, long version, Map<DeviceId, DsnStatus> dsns) {
        this(tenant, version, dsns, null);
    }

    /**
     * Creates a status; {@code failure} (or null) says why the tenant's stored document could not
     * be compiled at all (then no DSN holds what it asks, and the state is FAILED).
     */
    public TenantStatus(String tenant, long version, Map<DeviceId, DsnStatus> dsns, String failure) {
        this.failure = failure;
        this.tenant = tenant;
        this.version = version;
        TreeMap<DeviceId, DsnStatus> m = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        m.putAll(dsns);
        this.dsns = Collections.unmodifiableMap(m);
    }

    /** Returns the tenant id. */
    public String tenant() {
        return tenant;
    }

    /** Returns the version realized (or being realized). */
    public long version() {
        return version;
    }

    /** Returns each DSN's state. */
    public Map<DeviceId, DsnStatus> dsns() {
        return dsns;
    }

    /** Returns why the stored document could not be compiled, or null. */
    public String failure() {
        return failure;
    }

    /** Returns this status with other DSN states (the same failure). */
    public TenantStatus withDsns(Map<DeviceId, DsnStatus> other) {
        return new TenantStatus(tenant, version, other, failure);
    }

    /**
     * Returns the overall state: FAILED if the document could not be compiled or any DSN failed,
     * PENDING if any is pending, else INSTALLED.
     */
    public RealizationState state() {
        if (failure != null) {
            return RealizationState.FAILED;
        }
        RealizationState s = RealizationState.INSTALLED;
        for (DsnStatus d : dsns.values()) {
            if (d.state() == RealizationState.FAILED) {
                return RealizationState.FAILED;
            }
            if (d.state() == RealizationState.PENDING) {
                s = RealizationState.PENDING;
            }
        }
        return s;
    }
}
