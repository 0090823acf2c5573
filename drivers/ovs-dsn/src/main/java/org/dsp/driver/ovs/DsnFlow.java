package org.dsp.driver.ovs;

import java.util.List;
import java.util.Objects;

/**
 * One flow of a DSN: table, priority, match, actions and cookie, plus the owners (as labels) it
 * exists for, printed in comments. Identity for deltas is {@link #key()}.
 */
public final class DsnFlow implements Comparable<DsnFlow> {
    /** Identifies a flow in a switch: table, priority and match (what OpenFlow uses too). */
    public static final class Key implements Comparable<Key> {
        private final Table table;
        private final int priority;
        private final DsnMatch match;
        private final int hash;

        /** Creates a key. */
        public Key(Table table, int priority, DsnMatch match) {
            this.table = Objects.requireNonNull(table);
            this.priority = priority;
            this.match = Objects.requireNonNull(match);
            this.hash = (table.number() * 31 + priority) * 31 + match.hashCode();
        }

        /**
         * The key of a flow of tenant {@code tenantKey}: {@code m} with the tenant register matched
         * (what every tenant's flow matches, so two tenants' flows never meet).
         */
        public static Key of(Table table, int priority, DsnMatch.Builder m, int tenantKey) {
            return new Key(table, priority, m.copy().reg(Registers.TENANT, tenantKey).build());
        }

        /** Returns the table. */
        public Table table() {
            return table;
        }

        /** Returns the priority. */
        public int priority() {
            return priority;
        }

        /** Returns the match. */
        public DsnMatch match() {
            return match;
        }

        @Override
        public int compareTo(Key o) {
            int c = table.compareTo(o.table);
            if (c == 0) {
                c = Integer.compare(o.priority, priority);
            }
            return c != 0 ? c : match.compareTo(o.match);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).hash == hash && ((Key) o).table.equals(table) && ((Key) o).priority == priority
                    && ((Key) o).match.equals(match);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return "table=" + table.number() + ",priority=" + priority + (match.render().isEmpty() ? "" : "," + match.render());
        }
    }

    private final Key key;
    private final List<DsnAction> actions;
    private final long cookie;
    private final List<String> owners;

    /** Creates a flow. */
    public DsnFlow(Key key, List<DsnAction> actions, long cookie, List<String> owners) {
        this.key = Objects.requireNonNull(key);
        this.actions = List.copyOf(actions);
        this.cookie = cookie;
        this.owners = List.copyOf(owners);
    }

    /** Returns the key. */
    public Key key() {
        return key;
    }

    /** Returns the table. */
    public Table table() {
        return key.table;
    }

    /** Returns the priority. */
    public int priority() {
        return key.priority;
    }

    /** Returns the match. */
    public DsnMatch match() {
        return key.match;
    }

    /** Returns the actions (empty: drop). */
    public List<DsnAction> actions() {
        return actions;
    }

    /** Returns the cookie: tenant key (16 bits), owner key (32), owner kind (8), role (8). */
    public long cookie() {
        return cookie;
    }

    /** Returns whether the flow sends packets to the controller (a punt: reject, discovery, packet requests). */
    public boolean punts() {
        for (DsnAction a : actions) {
            if (a instanceof DsnAction.Controller
                    || a instanceof DsnAction.Output && ((DsnAction.Output) a).port() == DsnAction.CONTROLLER_PORT) {
                return true;
            }
        }
        return false;
    }

    /** Returns the owners' labels. */
    public List<String> owners() {
        return owners;
    }

    /** Renders the flow as one ovs-ofctl add-flows line. */
    public String render() {
        if (key.table.groups()) {
            return DsnGroups.of(this).render(); // a group, in ovs-ofctl's group syntax (its cookie is the owner's, apart)
        }
        StringBuilder sb = new StringBuilder();
        sb.append("table=").append(key.table.number()).append(",priority=").append(key.priority)
                .append(",cookie=0x").append(Long.toHexString(cookie));
        String m = key.match.render();
        if (!m.isEmpty()) {
            sb.append(',').append(m);
        }
        sb.append(",actions=");
        if (actions.isEmpty()) {
            sb.append("drop");
        }
        for (int i = 0; i < actions.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(actions.get(i).render());
        }
        return sb.toString();
    }

    @Override
    public int compareTo(DsnFlow o) {
        return key.compareTo(o.key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DsnFlow && ((DsnFlow) o).key.equals(key) && ((DsnFlow) o).actions.equals(actions)
                && ((DsnFlow) o).cookie == cookie;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, actions, cookie);
    }

    @Override
    public String toString() {
        return render();
    }
}
