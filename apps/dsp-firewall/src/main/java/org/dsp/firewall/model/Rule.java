package org.dsp.firewall.model;

import org.dsp.model.Direction;
import org.dsp.model.RuleAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An ordered firewall rule of a tier. It applies to the workloads of its {@code appliedTo} group in
 * its direction and matches connections with a peer in {@link #peers()} (empty: any address) and
 * a service in {@link #services()} (empty: any protocol).
 */
public final class Rule {
    private final String name;
    private final Direction direction;
    private final String appliedTo;
    private final List<Peer> peers;
    private final List<Service> services;
    private final RuleAction action;
    private final boolean stateful;
    private final boolean log;
    private final ConnectionPolicy onChange;

    private Rule(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.direction = Objects.requireNonNull(b.direction, "direction");
        this.appliedTo = Objects.requireNonNull(b.appliedTo, "appliedTo");
        this.peers = List.copyOf(b.peers);
        this.services = List.copyOf(b.services);
        this.action = Objects.requireNonNull(b.action, "action");
        this.stateful = b.stateful;
        this.log = b.log;
        this.onChange = Objects.requireNonNull(b.onChange, "onChange");
    }

    /** Returns a new builder (stateful, not logged, re-evaluate on change). */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the rule's name, unique in its tenant. */
    public String name() {
        return name;
    }

    /** Returns the direction. */
    public Direction direction() {
        return direction;
    }

    /** Returns the name of the group whose workloads the rule applies to. */
    public String appliedTo() {
        return appliedTo;
    }

    /** Returns the peers; empty means any address. */
    public List<Peer> peers() {
        return peers;
    }

    /** Returns the services; empty means any protocol. */
    public List<Service> services() {
        return services;
    }

    /** Returns the action. */
    public RuleAction action() {
        return action;
    }

    /** Returns whether an allowed connection's replies pass without a rule of their own. */
    public boolean stateful() {
        return stateful;
    }

    /** Returns whether matches are logged. */
    public boolean log() {
        return log;
    }

    /** Returns what happens to established connections when a change no longer allows them. */
    public ConnectionPolicy onChange() {
        return onChange;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof Rule)) {
            return false;
        }
        Rule r = (Rule) o;
        return r.name.equals(name) && r.direction == direction && r.appliedTo.equals(appliedTo)
                && r.peers.equals(peers) && r.services.equals(services) && r.action == action
                && r.stateful == stateful && r.log == log && r.onChange == onChange;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, direction, appliedTo, peers, services, action, stateful, log, onChange);
    }

    @Override
    public String toString() {
        return "Rule{" + name + " " + direction.wireName() + " " + action.wireName() + " appliedTo=" + appliedTo
                + " peers=" + peers + " services=" + services + "}";
    }

    /** Builder of {@link Rule}. */
    public static final class Builder {
        private String name;
        private Direction direction;
        private String appliedTo;
        private final List<Peer> peers = new ArrayList<>();
        private final List<Service> services = new ArrayList<>();
        private RuleAction action;
        private boolean stateful = true;
        private boolean log;
        private ConnectionPolicy onChange = ConnectionPolicy.RE_EVALUATE;

        private Builder() {
        }

        /** Sets the name. */
        public Builder name(String v) {
            this.name = v;
            return this;
        }

        /** Sets the direction. */
        public Builder direction(Direction v) {
            this.direction = v;
            return this;
        }

        /** Sets the applied-to group. */
        public Builder appliedTo(String v) {
            this.appliedTo = v;
            return this;
        }

        /** Adds a peer. */
        public Builder peer(Peer v) {
            this.peers.add(v);
            return this;
        }

        /** Adds a service. */
        public Builder service(Service v) {
            this.services.add(v);
            return this;
        }

        /** Sets the action. */
        public Builder action(RuleAction v) {
            this.action = v;
            return this;
        }

        /** Sets statefulness. */
        public Builder stateful(boolean v) {
            this.stateful = v;
            return this;
        }

        /** Sets logging. */
        public Builder log(boolean v) {
            this.log = v;
            return this;
        }

        /** Sets the connection policy on change. */
        public Builder onChange(ConnectionPolicy v) {
            this.onChange = v;
            return this;
        }

        /** Builds the rule. */
        public Rule build() {
            return new Rule(this);
        }
    }
}
