package org.dsp.ir;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;

/**
 * A tenant's way to and from the external network (NAT, docs/nat.md): which of its overlay
 * members may leave, through which source translations (SNAT pools, floating IPs) and which
 * external addresses and ports bring connections in (floating IPs, port forwards). The flow's
 * local endpoints are the members; a driver places the translations at gateway DSNs - the
 * member's own DSN when it has an external port, otherwise the tenant's gateway - and steers the
 * members' external traffic there. Translations are kept in their own conntrack zone
 * ({@link #zone()}), apart from the tenant's policy zone.
 */
public final class ExternalAccess extends LogicalAction {
    /** Source translation of some members to a pool: addresses {@code first..last}, ports {@code portFirst..portLast}. */
    public static final class Snat {
        private final String name;
        private final List<String> endpoints;
        private final Ip4Address first;
        private final Ip4Address last;
        private final int portFirst;
        private final int portLast;

        /** A pool rule: its name, the members it translates, the address and port ranges. */
        public Snat(String name, List<String> endpoints, Ip4Address first, Ip4Address last, int portFirst, int portLast) {
            if (Integer.compareUnsigned(first.toInt(), last.toInt()) > 0 || portFirst < 1 || portFirst > portLast || portLast > 65535) {
                throw new IllegalArgumentException("pool " + first + "-" + last + ":" + portFirst + "-" + portLast + " is not a range");
            }
            this.name = Objects.requireNonNull(name);
            this.endpoints = List.copyOf(endpoints);
            this.first = first;
            this.last = last;
            this.portFirst = portFirst;
            this.portLast = portLast;
        }

        /** Returns the rule's name. */
        public String name() {
            return name;
        }

        /** Returns the members translated by this rule (a member of an earlier rule is not translated here). */
        public List<String> endpoints() {
            return endpoints;
        }

        /** Returns the pool's first address. */
        public Ip4Address first() {
            return first;
        }

        /** Returns the pool's last address. */
        public Ip4Address last() {
            return last;
        }

        /** Returns the first port of the pool. */
        public int portFirst() {
            return portFirst;
        }

        /** Returns the last port of the pool. */
        public int portLast() {
            return portLast;
        }

        /** Returns the pool's addresses, first to last. */
        public List<Ip4Address> addresses() {
            return range(first, last);
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Snat)) {
                return false;
            }
            Snat s = (Snat) o;
            return s.name.equals(name) && s.endpoints.equals(endpoints) && s.first.equals(first) && s.last.equals(last)
                    && s.portFirst == portFirst && s.portLast == portLast;
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, endpoints, first, last, portFirst, portLast);
        }

        @Override
        public String toString() {
            return name + ":" + endpoints + "->" + first + (first.equals(last) ? "" : "-" + last) + ":" + portFirst + "-" + portLast;
        }
    }

    /**
     * An external address and port brought to a member: a floating IP (protocol 0: every port), a
     * port forward, or a load balancer published on the address (its VIPs' ports, balanced over its
     * backends at the gateway).
     */
    public static final class Inbound {
        private final Ip4Address address;
        private final int protocol;
        private final int port;
        private final String endpoint;
        private final int targetPort;
        private final String loadBalancer;

        /** A floating IP of {@code endpoint}: translated 1:1 both ways. */
        public static Inbound floating(Ip4Address address, String endpoint) {
            return new Inbound(address, 0, 0, Objects.requireNonNull(endpoint), 0, null);
        }

        /** A port forward: {@code address:port} (protocol 6 or 17) to {@code endpoint:targetPort}. */
        public static Inbound forward(Ip4Address address, int protocol, int port, String endpoint, int targetPort) {
            if (protocol != 6 && protocol != 17) {
                throw new IllegalArgumentException("a port forward is tcp (6) or udp (17), not " + protocol);
            }
            if (port < 1 || port > 65535 || targetPort < 1 || targetPort > 65535) {
                throw new IllegalArgumentException("ports are 1..65535");
            }
            return new Inbound(address, protocol, port, Objects.requireNonNull(endpoint), targetPort, null);
        }

        /**
         * The load balancer named {@code loadBalancer} published on {@code address}: a new connection to
         * one of its VIPs' ports there goes to one of the backends the load balancer has now (the
         * driver finds them in the tenant's select flows of that load balancer).
         */
        public static Inbound published(Ip4Address address, String loadBalancer) {
            return new Inbound(address, 0, 0, null, 0, Objects.requireNonNull(loadBalancer));
        }

        private Inbound(Ip4Address address, int protocol, int port, String endpoint, int targetPort, String loadBalancer) {
            this.address = Objects.requireNonNull(address);
            this.protocol = protocol;
            this.port = port;
            this.endpoint = endpoint;
            this.targetPort = targetPort;
            this.loadBalancer = loadBalancer;
        }

        /** Returns whether this is a floating IP (else a port forward or a published load balancer). */
        public boolean floating() {
            return protocol == 0 && loadBalancer == null;
        }

        /** Returns the load balancer published on the address, or null. */
        public String loadBalancer() {
            return loadBalancer;
        }

        /** Returns the external address. */
        public Ip4Address address() {
            return address;
        }

        /** Returns the IP protocol of a port forward (6, 17), or 0. */
        public int protocol() {
            return protocol;
        }

        /** Returns the external port of a port forward, or 0. */
        public int port() {
            return port;
        }

        /** Returns the member the address (and port) leads to, or null for a published load balancer. */
        public String endpoint() {
            return endpoint;
        }

        /** Returns the member's port of a port forward, or 0. */
        public int targetPort() {
            return targetPort;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Inbound)) {
                return false;
            }
            Inbound i = (Inbound) o;
            return i.address.equals(address) && i.protocol == protocol && i.port == port && Objects.equals(i.endpoint, endpoint)
                    && i.targetPort == targetPort && Objects.equals(i.loadBalancer, loadBalancer);
        }

        @Override
        public int hashCode() {
            return Objects.hash(address, protocol, port, endpoint, targetPort, loadBalancer);
        }

        @Override
        public String toString() {
            return loadBalancer != null ? address + "->lb:" + loadBalancer : floating() ? address + "<->" + endpoint
                    : (protocol == 6 ? "tcp:" : "udp:") + address + ":" + port + "->" + endpoint + ":" + targetPort;
        }
    }

    /** The stages a driver places the external path in (all after policy). */
    public static final class Stages {
        private final Stage route;
        private final Stage out;
        private final Stage in;
        private final Stage deliver;

        /**
         * {@code route}: a member's external packet to its gateway; {@code out}: the gateway translates
         * and sends it out; {@code in}: the gateway translates what arrives; {@code deliver}: on to the member.
         */
        public Stages(Stage route, Stage out, Stage in, Stage deliver) {
            this.route = Objects.requireNonNull(route);
            this.out = Objects.requireNonNull(out);
            this.in = Objects.requireNonNull(in);
            this.deliver = Objects.requireNonNull(deliver);
        }

        /** Returns the stage that sends a member's external packets to its gateway. */
        public Stage route() {
            return route;
        }

        /** Returns the gateway's outbound stage (source translation, out of the external port). */
        public Stage out() {
            return out;
        }

        /** Returns the gateway's inbound stage (destination translation of what arrives). */
        public Stage in() {
            return in;
        }

        /** Returns the gateway's stage that delivers an inbound packet to its member. */
        public Stage deliver() {
            return deliver;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Stages && ((Stages) o).route.equals(route) && ((Stages) o).out.equals(out)
                    && ((Stages) o).in.equals(in) && ((Stages) o).deliver.equals(deliver);
        }

        @Override
        public int hashCode() {
            return Objects.hash(route, out, in, deliver);
        }
    }

    private final int zone;
    private final long tunnelId;
    private final MacAddress router;
    private final Map<String, Long> networks;
    private final List<org.onlab.packet.IpPrefix> internal;
    private final List<Snat> snat;
    private final List<Inbound> inbound;
    private final LogicalField mark;
    private final Owner.Kind puntKind;
    private final Stages stages;

    /**
     * The tenant's external access: its conntrack zone for translations, the tunnel id its members'
     * external packets carry to a gateway, the router MAC its members send them to, each member's
     * network id (what brings an inbound packet to it), the tenant's own IPv4 subnets (never sent
     * out: an unused address there drops), the pool rules in order, the floating IPs
     * and port forwards, the 2-bit field that marks a packet on the external path, the punt kind of
     * packets a pool could not translate (null: dropped silently), and the stages.
     */
    public ExternalAccess(int zone, long tunnelId, MacAddress router, Map<String, Long> networks,
                          List<org.onlab.packet.IpPrefix> internal, List<Snat> snat,
                          List<Inbound> inbound, LogicalField mark, Owner.Kind puntKind, Stages stages) {
        if (zone < 1 || zone > 0xffff) {
            throw new IllegalArgumentException("conntrack zone " + zone + " is not 1..65535");
        }
        this.zone = zone;
        this.tunnelId = tunnelId;
        this.router = Objects.requireNonNull(router);
        this.networks = java.util.Collections.unmodifiableMap(new TreeMap<>(networks));
        this.internal = List.copyOf(internal);
        this.snat = List.copyOf(snat);
        this.inbound = List.copyOf(inbound);
        this.mark = Objects.requireNonNull(mark);
        if (mark.bits() < 2) {
            throw new IllegalArgumentException("the external mark needs 2 bits");
        }
        this.puntKind = puntKind;
        this.stages = Objects.requireNonNull(stages);
    }

    /** Returns the IPv4 addresses {@code first..last} (none when last is below first). */
    public static List<Ip4Address> range(Ip4Address first, Ip4Address last) {
        List<Ip4Address> out = new java.util.ArrayList<>();
        for (long v = first.toInt() & 0xffffffffL; v <= (last.toInt() & 0xffffffffL); v++) {
            out.add(Ip4Address.valueOf((int) v));
        }
        return out;
    }

    /** Returns the conntrack zone of the tenant's translations. */
    public int zone() {
        return zone;
    }

    /** Returns the tunnel id of the tenant's external packets between its DSNs and its gateway. */
    public long tunnelId() {
        return tunnelId;
    }

    /** Returns the tenant router's MAC. */
    public MacAddress router() {
        return router;
    }

    /** Returns each member's network id (the tunnel id of packets delivered to it). */
    public Map<String, Long> networks() {
        return networks;
    }

    /** Returns the tenant's own IPv4 subnets: a packet to the router for one of their addresses never leaves. */
    public List<org.onlab.packet.IpPrefix> internal() {
        return internal;
    }

    /** Returns the pool rules, in order (the first that names a member translates it). */
    public List<Snat> snat() {
        return snat;
    }

    /** Returns the floating IPs and port forwards. */
    public List<Inbound> inbound() {
        return inbound;
    }

    /** Returns the field marking the external path (2 bits): 1 to be translated, 3 translation tried (bit 0: on the path). */
    public LogicalField mark() {
        return mark;
    }

    /** Returns the punt kind of packets a pool could not translate, or null. */
    public Owner.Kind puntKind() {
        return puntKind;
    }

    /** Returns the stages. */
    public Stages stages() {
        return stages;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ExternalAccess)) {
            return false;
        }
        ExternalAccess e = (ExternalAccess) o;
        return e.zone == zone && e.tunnelId == tunnelId && e.router.equals(router) && e.networks.equals(networks) && e.internal.equals(internal)
                && e.snat.equals(snat) && e.inbound.equals(inbound) && e.mark.equals(mark)
                && Objects.equals(e.puntKind, puntKind) && e.stages.equals(stages);
    }

    @Override
    public int hashCode() {
        return Objects.hash(zone, tunnelId, router, networks, internal, snat, inbound, mark, puntKind, stages);
    }

    @Override
    public String toString() {
        return "external(zone=" + zone + ",snat=" + snat + ",inbound=" + inbound + ")";
    }
}
