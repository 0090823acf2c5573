package org.dsp.ir;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The logical flows of one tenant, keyed by stage and owner (each owner has at most one flow per stage). */
public final class LogicalProgram {
    private final String tenant;
    private final int tenantKey;
    private final Map<FlowId, LogicalFlow> flows;

    /** Identifies a logical flow within its tenant program. */
    public static final class FlowId implements Comparable<FlowId> {
        private final Stage stage;
        private final Owner owner;

        /** Creates an id. */
        public FlowId(Stage stage, Owner owner) {
            this.stage = stage;
            this.owner = owner;
        }

        /** Returns the stage. */
        public Stage stage() {
            return stage;
        }

        /** Returns the owner. */
        public Owner owner() {
            return owner;
        }

        @Override
        public int compareTo(FlowId o) {
            int c = stage.compareTo(o.stage);
            return c != 0 ? c : owner.compareTo(o.owner);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FlowId && ((FlowId) o).stage.equals(stage) && ((FlowId) o).owner.equals(owner);
        }

        @Override
        public int hashCode() {
            return Objects.hash(stage, owner);
        }

        @Override
        public String toString() {
            return stage.label() + ":" + owner.label();
        }
    }

    /** Creates a program from flows (unique by stage and owner). */
    public LogicalProgram(String tenant, int tenantKey, List<LogicalFlow> flows) {
        this.tenant = tenant;
        this.tenantKey = tenantKey;
        TreeMap<FlowId, LogicalFlow> m = new TreeMap<>();
        for (LogicalFlow f : flows) {
            if (m.put(new FlowId(f.stage(), f.owner()), f) != null) {
                throw new IllegalArgumentException("two logical flows for " + f.stage() + " " + f.owner());
            }
        }
        this.flows = Collections.unmodifiableMap(m);
    }

    /** Returns the tenant id. */
    public String tenant() {
        return tenant;
    }

    /** Returns the tenant key (also the conntrack zone). */
    public int tenantKey() {
        return tenantKey;
    }

    /** Returns the flows by id, in stage then owner order. */
    public Map<FlowId, LogicalFlow> flows() {
        return flows;
    }

    /** Prints every flow, one per line, in stage then priority order. */
    public String print() {
        StringBuilder sb = new StringBuilder();
        flows.values().stream()
                .sorted(java.util.Comparator.comparing(LogicalFlow::stage)
                        .thenComparing(LogicalFlow::priority, java.util.Comparator.reverseOrder())
                        .thenComparing(LogicalFlow::owner))
                .forEach(f -> sb.append(f).append('\n'));
        return sb.toString();
    }
}
