package org.dsp.driver.ovs;

import java.util.List;
import java.util.Objects;

/**
 * An OpenFlow group of a DSN: its 32-bit id, its type, and its buckets (each a weight, for select
 * groups, and an action list). Immutable; renders as ovs-ofctl's group syntax.
 */
public final class DsnGroup {
    /** The group types DSP programs. */
    public enum Type {
        /** One bucket per packet, chosen by the switch's hash, by weight. */
        SELECT("select"),
        /** Every bucket. */
        ALL("all"),
        /** The one bucket. */
        INDIRECT("indirect");

        private final String ofctl;

        Type(String ofctl) {
            this.ofctl = ofctl;
        }

        /** Returns the ovs-ofctl name. */
        public String ofctl() {
            return ofctl;
        }
    }

    /** A bucket: its weight (select groups; 0 for the others) and its actions. */
    public static final class Bucket {
        private final int weight;
        private final List<DsnAction> actions;

        /** Creates a bucket; a select bucket has a weight of 1-65535. */
        public Bucket(int weight, List<DsnAction> actions) {
            if (weight < 0 || weight > 65535) {
                throw new IllegalArgumentException("bucket weight " + weight + " outside 0..65535");
            }
            this.weight = weight;
            this.actions = List.copyOf(actions);
        }

        /** Returns the weight. */
        public int weight() {
            return weight;
        }

        /** Returns the actions. */
        public List<DsnAction> actions() {
            return actions;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bucket && ((Bucket) o).weight == weight && ((Bucket) o).actions.equals(actions);
        }

        @Override
        public int hashCode() {
            return Objects.hash(weight, actions);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("bucket=");
            if (weight > 1) { // weight 1 is the default: Open vSwitch omits it too
                sb.append("weight:").append(weight).append(',');
            }
            sb.append("actions=");
            if (actions.isEmpty()) {
                sb.append("drop");
            }
            for (int i = 0; i < actions.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(actions.get(i).render());
            }
            return sb.toString();
        }
    }

    private final long id;
    private final Type type;
    private final List<Bucket> buckets;

    /** Creates a group; the id is an OpenFlow group number (0..0xffffff00). */
    public DsnGroup(long id, Type type, List<Bucket> buckets) {
        if (id < 0 || id > 0xffffff00L) {
            throw new IllegalArgumentException("group id " + id + " outside 0..0xffffff00");
        }
        if (type == Type.SELECT && buckets.stream().anyMatch(b -> b.weight < 1)) {
            throw new IllegalArgumentException("group " + id + ": a select bucket has a weight of at least 1");
        }
        this.id = id;
        this.type = Objects.requireNonNull(type);
        this.buckets = List.copyOf(buckets);
    }

    /** Returns the group id. */
    public long id() {
        return id;
    }

    /** Returns the type. */
    public Type type() {
        return type;
    }

    /** Returns the buckets, in order. */
    public List<Bucket> buckets() {
        return buckets;
    }

    /** Renders the group as ovs-ofctl writes it ({@code group_id=7,type=select,bucket=weight:2,actions=...}). */
    public String render() {
        StringBuilder sb = new StringBuilder("group_id=").append(id).append(",type=").append(type.ofctl());
        for (Bucket b : buckets) {
            sb.append(',').append(b);
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DsnGroup && ((DsnGroup) o).id == id && ((DsnGroup) o).type == type && ((DsnGroup) o).buckets.equals(buckets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, type, buckets);
    }

    @Override
    public String toString() {
        return render();
    }
}
