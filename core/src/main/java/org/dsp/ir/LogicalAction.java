package org.dsp.ir;

import java.util.List;
import java.util.Objects;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;

/**
 * One step of what a logical flow does, in order. {@link Verdict} decides a policy stage; the
 * others let services rewrite, remember and steer packets. A driver carries each kind it supports
 * and refuses the others with a clear error (the realization then fails for that DSN).
 */
public abstract class LogicalAction {
    LogicalAction() {
    }

    /** Continue at the next stage of the packet's path (the stage's default). */
    public static Next next() {
        return Next.INSTANCE;
    }

    /** Set {@code field} to {@code value}. */
    public static SetField set(LogicalField field, long value) {
        return new SetField(field, value);
    }

    /** Commit the packet's connection to conntrack in the tenant's zone, with {@code marks} set on it. */
    public static CtCommit commit(List<SetField> marks) {
        return new CtCommit(marks);
    }

    /** Translate the connection's source or destination to one of {@code first..last} (ports 0: unchanged). */
    public static Nat nat(boolean source, IpAddress first, IpAddress last, int portFirst, int portLast) {
        return new Nat(source, first, last, portFirst, portLast);
    }

    /**
     * Picks one of {@code backends} for each new connection, by weight (by the connection's 5-tuple,
     * or by the client's address when {@code bySource}), translates the connection's destination to
     * it and delivers it there; established connections keep their backend. With no backend, a new
     * connection is rejected or dropped. This action ends the flow's actions.
     */
    public static SelectBackend select(String group, List<SelectBackend.Backend> backends, boolean bySource, boolean rejectWhenEmpty) {
        return new SelectBackend(group, backends, bySource, rejectWhenEmpty, null, List.of());
    }

    /**
     * A {@link #select} whose service takes packets: {@code probed} backends (selected or not, with
     * the port probed) answer the controller's health probes from the flow's VIP, and their
     * answers - and, for an IPv6 VIP, the clients' neighbour solicitations for it - go to the
     * controller with the cookie of owner kind {@code probeKind} (a punt kind).
     */
    public static SelectBackend select(String group, List<SelectBackend.Backend> backends, boolean bySource, boolean rejectWhenEmpty,
                                       Owner.Kind probeKind, List<SelectBackend.Backend> probed) {
        return new SelectBackend(group, backends, bySource, rejectWhenEmpty, Objects.requireNonNull(probeKind), probed);
    }

    /**
     * Joins the flow's local endpoints into virtual network {@code id} (24 bits, carried in the
     * tunnel key between DSNs): each DSN of the network's members delivers to members on other
     * DSNs through its tunnel, answers the members' ARP for each other and for {@code gateways}
     * (with the router's MAC), and routes what members send to {@code router} towards every
     * other member of the tenant's networks. The flow is the network's whole definition; the
     * driver places it on every DSN of the tenant's members.
     */
    public static Network network(long id, MacAddress router, List<IpAddress> gateways, int mtu) {
        return new Network(id, router, gateways, mtu, null, null, null);
    }

    /**
     * A {@link #network} whose service answers IPv6 neighbour discovery: the members' neighbour
     * solicitations for the gateways and for each other's IPv6 addresses go to the controller with
     * the cookie of owner kind {@code puntKind} (a punt kind), which answers them (an Open vSwitch
     * flow cannot build a neighbour advertisement).
     */
    public static Network network(long id, MacAddress router, List<IpAddress> gateways, int mtu, Owner.Kind puntKind) {
        return new Network(id, router, gateways, mtu, Objects.requireNonNull(puntKind), null, null);
    }

    /**
     * A {@link #network} that also keeps packets larger than the MTU out of the tunnel: in stage
     * {@code measure} (before the flow's own stage) a packet for a member on another DSN has
     * one-bit field {@code tooBig} set when its frame exceeds the MTU, and such a packet goes to the
     * controller (punt kind) instead of the tunnel, which answers the sender (ICMP "fragmentation
     * needed" / "packet too big") - no silent black hole.
     */
    public static Network network(long id, MacAddress router, List<IpAddress> gateways, int mtu, Owner.Kind puntKind,
                                  LogicalField tooBig, Stage measure) {
        return new Network(id, router, gateways, mtu, Objects.requireNonNull(puntKind), Objects.requireNonNull(tooBig),
                Objects.requireNonNull(measure));
    }

    /** Continue at the next stage. */
    public static final class Next extends LogicalAction {
        static final Next INSTANCE = new Next();

        private Next() {
        }

        @Override
        public String toString() {
            return "next";
        }
    }

    /** Set a field. */
    public static final class SetField extends LogicalAction {
        private final LogicalField field;
        private final long value;

        SetField(LogicalField field, long value) {
            if (!field.fits(value)) {
                throw new IllegalArgumentException(value + " does not fit " + field + " (" + field.bits() + " bits)");
            }
            this.field = field;
            this.value = value;
        }

        /** Returns the field. */
        public LogicalField field() {
            return field;
        }

        /** Returns the value. */
        public long value() {
            return value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SetField && ((SetField) o).field.equals(field) && ((SetField) o).value == value;
        }

        @Override
        public int hashCode() {
            return Objects.hash(field, value);
        }

        @Override
        public String toString() {
            return field + "=" + value;
        }
    }

    /** Commit the connection with marks. */
    public static final class CtCommit extends LogicalAction {
        private final List<SetField> marks;

        CtCommit(List<SetField> marks) {
            for (SetField m : marks) {
                if (!m.field().conntrack()) {
                    throw new IllegalArgumentException("commit marks must be conntrack fields, not " + m.field());
                }
            }
            this.marks = List.copyOf(marks);
        }

        /** Returns the marks set on the connection. */
        public List<SetField> marks() {
            return marks;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CtCommit && ((CtCommit) o).marks.equals(marks);
        }

        @Override
        public int hashCode() {
            return marks.hashCode();
        }

        @Override
        public String toString() {
            return "commit" + marks;
        }
    }

    /** Address (and port) translation of a connection. */
    public static final class Nat extends LogicalAction {
        private final boolean source;
        private final IpAddress first;
        private final IpAddress last;
        private final int portFirst;
        private final int portLast;

        Nat(boolean source, IpAddress first, IpAddress last, int portFirst, int portLast) {
            if (first.version() != last.version()) {
                throw new IllegalArgumentException("nat range " + first + "-" + last + " mixes IPv4 and IPv6");
            }
            if (portFirst < 0 || portLast < portFirst || portLast > 65535) {
                throw new IllegalArgumentException("nat ports " + portFirst + "-" + portLast);
            }
            this.source = source;
            this.first = first;
            this.last = last;
            this.portFirst = portFirst;
            this.portLast = portLast;
        }

        /** Returns whether the source (SNAT) rather than the destination (DNAT) is translated. */
        public boolean source() {
            return source;
        }

        /** Returns the first address of the range. */
        public IpAddress first() {
            return first;
        }

        /** Returns the last address of the range. */
        public IpAddress last() {
            return last;
        }

        /** Returns the first port of the range (0: ports unchanged). */
        public int portFirst() {
            return portFirst;
        }

        /** Returns the last port of the range. */
        public int portLast() {
            return portLast;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Nat)) {
                return false;
            }
            Nat n = (Nat) o;
            return n.source == source && n.first.equals(first) && n.last.equals(last) && n.portFirst == portFirst
                    && n.portLast == portLast;
        }

        @Override
        public int hashCode() {
            return Objects.hash(source, first, last, portFirst, portLast);
        }

        @Override
        public String toString() {
            return (source ? "snat(" : "dnat(") + first + (last.equals(first) ? "" : "-" + last)
                    + (portFirst == 0 ? "" : ":" + portFirst + "-" + portLast) + ")";
        }
    }

    /** Backend selection and destination translation (load balancing): see {@link #select}. */
    public static final class SelectBackend extends LogicalAction {
        /** One backend: the endpoint, its address, a port (0: the original) and a weight. */
        public static final class Backend {
            private final String endpoint;
            private final IpAddress address;
            private final int port;
            private final int weight;

            /** Creates a backend: endpoint {@code endpoint} of the tenant at {@code address}. */
            public Backend(String endpoint, IpAddress address, int port, int weight) {
                this.endpoint = Objects.requireNonNull(endpoint);
                this.address = Objects.requireNonNull(address);
                this.port = port;
                this.weight = weight;
            }

            /** Returns the endpoint (the driver finds where it is attached and its MAC by it). */
            public String endpoint() {
                return endpoint;
            }

            /** Returns the address. */
            public IpAddress address() {
                return address;
            }

            /** Returns the port (0: the original). */
            public int port() {
                return port;
            }

            /** Returns the weight. */
            public int weight() {
                return weight;
            }

            @Override
            public boolean equals(Object o) {
                return o instanceof Backend && ((Backend) o).endpoint.equals(endpoint) && ((Backend) o).address.equals(address)
                        && ((Backend) o).port == port && ((Backend) o).weight == weight;
            }

            @Override
            public int hashCode() {
                return Objects.hash(endpoint, address, port, weight);
            }

            @Override
            public String toString() {
                return endpoint + "=" + address + (port == 0 ? "" : ":" + port) + "*" + weight;
            }
        }

        private final String group;
        private final List<Backend> backends;
        private final boolean bySource;
        private final boolean rejectWhenEmpty;
        private final Owner.Kind probeKind;
        private final List<Backend> probed;
        private final int affinitySeconds;
        private final Stage hairpin;

        SelectBackend(String group, List<Backend> backends, boolean bySource, boolean rejectWhenEmpty, Owner.Kind probeKind,
                      List<Backend> probed) {
            this(group, backends, bySource, rejectWhenEmpty, probeKind, probed, 0, null);
        }

        private SelectBackend(String group, List<Backend> backends, boolean bySource, boolean rejectWhenEmpty, Owner.Kind probeKind,
                              List<Backend> probed, int affinitySeconds, Stage hairpin) {
            if (hairpin != null && hairpin.phase() != Phase.POST_POLICY) {
                throw new IllegalArgumentException("select " + group + ": hairpin needs a post-policy stage, not " + hairpin);
            }
            this.hairpin = hairpin;
            if (affinitySeconds < 0 || (affinitySeconds > 0 && !bySource)) {
                throw new IllegalArgumentException("select " + group + ": an affinity timeout (" + affinitySeconds
                        + " s) needs a choice by source and at least 1 s");
            }
            this.affinitySeconds = affinitySeconds;
            this.group = Objects.requireNonNull(group);
            this.backends = List.copyOf(backends);
            this.bySource = bySource;
            this.rejectWhenEmpty = rejectWhenEmpty;
            this.probeKind = probeKind;
            this.probed = List.copyOf(probed);
            if (probeKind != null && !probeKind.punted()) {
                throw new IllegalArgumentException("probe answers need a punt kind, not " + probeKind);
            }
            for (Backend b : this.backends) {
                if (b.weight < 1 || b.port < 0 || b.port > 65535) {
                    throw new IllegalArgumentException("backend " + b + " of " + group + ": weight at least 1, port 0-65535");
                }
            }
        }

        /** Returns the name of the selection (stable: a driver's group for it keeps its identity). */
        public String group() {
            return group;
        }

        /** Returns the backends; empty when none is available. */
        public List<Backend> backends() {
            return backends;
        }

        /** Returns whether the choice depends on the client's address only (else on the connection's 5-tuple). */
        public boolean bySource() {
            return bySource;
        }

        /** Returns whether a new connection is rejected (TCP RST, ICMP unreachable) when there is no backend; else dropped. */
        public boolean rejectWhenEmpty() {
            return rejectWhenEmpty;
        }

        /**
         * Returns the owner kind (a punt kind) of the flows that send this selection's packets to the
         * service: answers to its health probes, neighbour solicitations for an IPv6 VIP; null: none.
         */
        public Owner.Kind probeKind() {
            return probeKind;
        }

        /** Returns the backends the controller probes (each with the port probed), selected now or not. */
        public List<Backend> probed() {
            return probed;
        }

        /**
         * Returns this selection with source affinity that lasts {@code seconds}: a client's new
         * connections go to the backend its last one went to, as long as it opens one at least
         * every {@code seconds} and that backend is still selected; then it is chosen afresh.
         */
        public SelectBackend withAffinity(int seconds) {
            if (seconds < 1) {
                throw new IllegalArgumentException("select " + group + ": an affinity timeout is at least 1 s, not " + seconds);
            }
            return new SelectBackend(group, backends, true, rejectWhenEmpty, probeKind, probed, seconds, hairpin);
        }

        /**
         * Returns this selection with hairpin in {@code stage} (a post-policy stage of the
         * selecting service): a backend that is also a client and whose connection to the VIP is
         * translated back to itself gets it from the VIP (its source translated, after policy
         * decided on the real addresses), so its replies come back through its DSN.
         */
        public SelectBackend withHairpin(Stage stage) {
            return new SelectBackend(group, backends, bySource, rejectWhenEmpty, probeKind, probed, affinitySeconds,
                    Objects.requireNonNull(stage));
        }

        /** Returns the post-policy stage that carries hairpin connections, or null: backends are not clients. */
        public Stage hairpin() {
            return hairpin;
        }

        /** Returns how long a client's affinity to its backend lasts without a new connection, in seconds; 0: none. */
        public int affinitySeconds() {
            return affinitySeconds;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof SelectBackend)) {
                return false;
            }
            SelectBackend s = (SelectBackend) o;
            return s.group.equals(group) && s.backends.equals(backends) && s.bySource == bySource
                    && s.rejectWhenEmpty == rejectWhenEmpty && Objects.equals(s.probeKind, probeKind) && s.probed.equals(probed)
                    && s.affinitySeconds == affinitySeconds && Objects.equals(s.hairpin, hairpin);
        }

        @Override
        public int hashCode() {
            return Objects.hash(group, backends, bySource, rejectWhenEmpty, probeKind, probed, affinitySeconds, hairpin);
        }

        @Override
        public String toString() {
            return "select(" + group + backends + (bySource ? ",by-source" : "")
                    + (affinitySeconds > 0 ? ",affinity=" + affinitySeconds + "s" : "") + (hairpin != null ? ",hairpin" : "") + (backends.isEmpty()
                    ? (rejectWhenEmpty ? ",reject" : ",drop") : "") + (probed.isEmpty() ? "" : ",probed" + probed) + ")";
        }
    }

    /** A virtual network of the overlay (see {@link LogicalAction#network}). */
    public static final class Network extends LogicalAction {
        /** The largest network id: 24 bits, a VXLAN network identifier. */
        public static final long MAX_ID = 0xffffffL;
        private final long id;
        private final MacAddress router;
        private final List<IpAddress> gateways;
        private final int mtu;
        private final Owner.Kind puntKind;
        private final LogicalField tooBig;
        private final Stage measure;
        private final boolean encrypted;

        Network(long id, MacAddress router, List<IpAddress> gateways, int mtu, Owner.Kind puntKind, LogicalField tooBig,
                Stage measure) {
            this(id, router, gateways, mtu, puntKind, tooBig, measure, false);
        }

        private Network(long id, MacAddress router, List<IpAddress> gateways, int mtu, Owner.Kind puntKind, LogicalField tooBig,
                        Stage measure, boolean encrypted) {
            if (id <= 0 || id > MAX_ID) {
                throw new IllegalArgumentException("network id " + id + " is not 1.." + MAX_ID);
            }
            this.id = id;
            this.router = Objects.requireNonNull(router);
            this.gateways = List.copyOf(gateways);
            this.mtu = mtu;
            this.puntKind = puntKind;
            this.tooBig = tooBig;
            this.measure = measure;
            this.encrypted = encrypted;
        }

        /**
         * Returns this network with its traffic between DSNs required to travel encrypted: the
         * driver sends it only through each DSN's encrypted tunnel endpoint, and between two DSNs
         * of which one has none (no keys, or keys withdrawn) not at all - never in clear.
         */
        public Network encrypted() {
            return new Network(id, router, gateways, mtu, puntKind, tooBig, measure, true);
        }

        /** Returns whether the network's traffic between DSNs must travel encrypted. */
        public boolean isEncrypted() {
            return encrypted;
        }

        /** Returns the one-bit field that marks a packet too large for the tunnel, or null (not measured). */
        public LogicalField tooBig() {
            return tooBig;
        }

        /** Returns the stage where packets are measured, or null. */
        public Stage measure() {
            return measure;
        }

        /** Returns the owner kind of the neighbour solicitations punted to the service, or null (none punted). */
        public Owner.Kind puntKind() {
            return puntKind;
        }

        /** Returns the network id (the tunnel key). */
        public long id() {
            return id;
        }

        /** Returns the MAC of the tenant's distributed router (the gateways answer ARP with it). */
        public MacAddress router() {
            return router;
        }

        /** Returns the gateway addresses of the network's subnets. */
        public List<IpAddress> gateways() {
            return gateways;
        }

        /** Returns the network's MTU (what its workloads may send; the tunnel header comes on top). */
        public int mtu() {
            return mtu;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Network)) {
                return false;
            }
            Network n = (Network) o;
            return n.id == id && n.router.equals(router) && n.gateways.equals(gateways) && n.mtu == mtu
                    && Objects.equals(n.puntKind, puntKind) && Objects.equals(n.tooBig, tooBig) && Objects.equals(n.measure, measure)
                    && n.encrypted == encrypted;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, router, gateways, mtu, puntKind, tooBig, measure, encrypted);
        }

        @Override
        public String toString() {
            return "network(id=" + id + ",router=" + router + ",gateways=" + gateways + ",mtu=" + mtu + (encrypted ? ",encrypted" : "")
                    + ")";
        }
    }
}
