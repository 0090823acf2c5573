package org.dsp.driver.ovs;

import java.util.List;
import java.util.Objects;

/** An action of a DSN flow. Each kind is a small immutable value that renders as ovs-ofctl text. */
public abstract class DsnAction {
    /** OFPP_CONTROLLER, the OpenFlow port number of the controller. */
    public static final long CONTROLLER_PORT = 0xfffffffdL;
    /** OFPP_IN_PORT: back out of the port the packet came in on. */
    public static final long IN_PORT = 0xfffffff8L;
    /** OFPP_LOCAL: the bridge's own interface (where a DSN's underlay address lives; output there ends a tunnel). */
    public static final long LOCAL_PORT = 0xfffffffeL;
    DsnAction() {
    }

    /** Renders the action in ovs-ofctl syntax. */
    public abstract String render();

    @Override
    public String toString() {
        return render();
    }

    /** Output to an OpenFlow port. */
    public static final class Output extends DsnAction {
        private final long port;

        Output(long port) {
            this.port = port;
        }

        /** Returns the port. */
        public long port() {
            return port;
        }

        @Override
        public String render() {
            return port == CONTROLLER_PORT ? "CONTROLLER:65535" : port == IN_PORT ? "IN_PORT" : port == LOCAL_PORT ? "LOCAL"
                    : "output:" + port;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Output && ((Output) o).port == port;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(port);
        }
    }

    /** The switch's own L2 forwarding (used only for ARP and IPv6 neighbour discovery). */
    public static final class Normal extends DsnAction {
        Normal() {
        }

        @Override
        public String render() {
            return "NORMAL";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Normal;
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    /** Continue in a later table. */
    public static final class Goto extends DsnAction {
        private final Table table;

        Goto(Table table) {
            this.table = Objects.requireNonNull(table);
        }

        /** Returns the target table. */
        public Table table() {
            return table;
        }

        @Override
        public String render() {
            return "goto_table:" + table.number();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Goto && ((Goto) o).table.equals(table);
        }

        @Override
        public int hashCode() {
            return table.hashCode();
        }
    }

    /** Load a value into a register field (or the conntrack mark, inside ct exec). */
    public static final class Load extends DsnAction {
        private final RegField field;
        private final long value;

        Load(RegField field, long value) {
            this.field = Objects.requireNonNull(field);
            this.value = value;
        }

        /** Returns the field. */
        public RegField field() {
            return field;
        }

        /** Returns the value. */
        public long value() {
            return value;
        }

        @Override
        public String render() {
            return "load:0x" + Long.toHexString(value) + "->" + field.nxmSlice();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Load && ((Load) o).field.equals(field) && ((Load) o).value == value;
        }

        @Override
        public int hashCode() {
            return Objects.hash(field.name(), value);
        }
    }

    /** Send through conntrack in the zone held by a register field; commit and/or recirculate. */
    public static final class Ct extends DsnAction {
        private final boolean commit;
        private final Table table;
        private final RegField zone;
        private final int zoneValue;
        private final List<DsnAction> exec;
        private final Nat nat;

        /** A ct in the zone {@code zone} holds, continuing at {@code table} (null: no recirculation), with {@code exec} when committing. */
        public Ct(boolean commit, Table table, RegField zone, List<? extends DsnAction> exec) {
            this(commit, table, zone, exec, null);
        }

        /** The same, with a translation. */
        public Ct(boolean commit, Table table, RegField zone, List<? extends DsnAction> exec, Nat nat) {
            this(commit, table, Objects.requireNonNull(zone), 0, exec, nat);
        }

        /** A ct in the fixed zone {@code zoneValue} (zone null) or in the zone a register field holds. */
        public Ct(boolean commit, Table table, RegField zone, int zoneValue, List<? extends DsnAction> exec, Nat nat) {
            if (zoneValue < 0 || zoneValue > 0xffff) {
                throw new IllegalArgumentException("conntrack zone " + zoneValue + " outside 0..65535");
            }
            for (DsnAction a : exec) {
                RegField to = a instanceof Load ? ((Load) a).field() : a instanceof Move ? ((Move) a).to() : null;
                if (to == null || (to.container() != RegField.Container.CT_MARK && !to.container().label())) {
                    throw new IllegalArgumentException("ct's exec may only load or move into the connection's mark or label: " + a);
                }
            }
            this.commit = commit;
            this.table = table;
            this.zone = zone;
            this.zoneValue = zoneValue;
            this.exec = List.copyOf(exec);
            this.nat = nat;
        }

        /** Returns the fixed zone; meaningful when {@link #zone()} is null. */
        public int zoneValue() {
            return zoneValue;
        }

        /** Returns the address translation applied with the connection, or null. */
        public Nat nat() {
            return nat;
        }

        /** Returns whether the connection is committed. */
        public boolean commit() {
            return commit;
        }

        /** Returns the table processing continues in after conntrack, or null. */
        public Table table() {
            return table;
        }

        /** Returns the register field holding the zone, or null when the zone is fixed ({@link #zoneValue()}). */
        public RegField zone() {
            return zone;
        }

        /** Returns the loads and moves into the connection's mark and label. */
        public List<DsnAction> exec() {
            return exec;
        }

        @Override
        public String render() {
            StringBuilder sb = new StringBuilder("ct(");
            if (commit) {
                sb.append("commit,");
            }
            if (table != null) {
                sb.append("table=").append(table.number()).append(',');
            }
            sb.append("zone=").append(zone == null ? String.valueOf(zoneValue) : zone.nxmSlice());
            if (nat != null) {
                sb.append(',').append(nat.render());
            }
            if (!exec.isEmpty()) {
                sb.append(",exec(");
                for (int i = 0; i < exec.size(); i++) {
                    sb.append(i == 0 ? "" : ",").append(exec.get(i).render());
                }
                sb.append(')');
            }
            return sb.append(')').toString();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Ct)) {
                return false;
            }
            Ct c = (Ct) o;
            return c.commit == commit && java.util.Objects.equals(c.table, table) && Objects.equals(c.zone, zone)
                    && c.zoneValue == zoneValue && c.exec.equals(exec) && Objects.equals(c.nat, nat);
        }

        @Override
        public int hashCode() {
            return Objects.hash(commit, table, zone == null ? null : zone.name(), zoneValue, exec, nat);
        }
    }

    /**
     * Address translation inside ct: plain {@code nat} applies the translation the connection
     * already has (and reverses it for replies); with an address, a committed connection's source
     * or destination is translated to it (IPv4 or IPv6), and to {@link #port()} when not 0.
     */
    public static final class Nat {
        private final boolean source;
        private final org.onlab.packet.IpAddress address;
        private final org.onlab.packet.IpAddress addressLast;
        private final int port;
        private final int portLast;

        Nat(boolean source, org.onlab.packet.IpAddress address, int port) {
            this(source, address, address, port, port);
        }

        /** A translation to one of {@code address..addressLast} and {@code port..portLast} (ports 0: unchanged). */
        Nat(boolean source, org.onlab.packet.IpAddress address, org.onlab.packet.IpAddress addressLast, int port, int portLast) {
            if (address == null && (source || port != 0 || addressLast != null)) {
                throw new IllegalArgumentException("plain nat has no direction or port");
            }
            if (port < 0 || port > 65535 || portLast < port || portLast > 65535 || (port == 0 && portLast != 0)) {
                throw new IllegalArgumentException("nat ports " + port + "-" + portLast);
            }
            if (address != null && (addressLast == null || address.version() != addressLast.version()
                    || address.compareTo(addressLast) > 0)) {
                throw new IllegalArgumentException("nat addresses " + address + "-" + addressLast);
            }
            this.source = source;
            this.address = address;
            this.addressLast = addressLast;
            this.port = port;
            this.portLast = portLast;
        }

        /** A source translation to {@code address} (port unchanged). */
        static Nat source(org.onlab.packet.IpAddress address) {
            return new Nat(true, java.util.Objects.requireNonNull(address), 0);
        }

        /** A source (or destination) translation to a range of addresses and ports (ports 0: unchanged). */
        public static Nat range(boolean source, org.onlab.packet.IpAddress first, org.onlab.packet.IpAddress last, int portFirst, int portLast) {
            return new Nat(source, java.util.Objects.requireNonNull(first), java.util.Objects.requireNonNull(last), portFirst, portLast);
        }

        /** The plain {@code nat}: the connection's own translation. */
        public static Nat own() {
            return new Nat(false, null, null, 0, 0);
        }

        /** Returns whether this is plain {@code nat} (no address given). */
        public boolean plain() {
            return address == null;
        }

        /** Returns whether the source address is translated (else the destination). */
        public boolean source() {
            return source;
        }

        /** Returns the (first) address translated to, or null for plain nat. */
        public org.onlab.packet.IpAddress address() {
            return address;
        }

        /** Returns the last address of the range translated to (the address itself when one), or null for plain nat. */
        public org.onlab.packet.IpAddress addressLast() {
            return addressLast;
        }

        /** Returns the (first) port translated to, or 0 (unchanged). */
        public int port() {
            return port;
        }

        /** Returns the last port of the range translated to (the port itself when one), or 0. */
        public int portLast() {
            return portLast;
        }

        /** Renders the nat clause in ovs-ofctl syntax. */
        public String render() {
            if (address == null) {
                return "nat";
            }
            StringBuilder sb = new StringBuilder("nat(").append(source ? "src=" : "dst=").append(text(address));
            if (!addressLast.equals(address)) {
                sb.append('-').append(text(addressLast));
            }
            if (port != 0) {
                sb.append(':').append(port);
                if (portLast != port) {
                    sb.append('-').append(portLast);
                }
            }
            return sb.append(')').toString();
        }

        private static String text(org.onlab.packet.IpAddress a) {
            return a.isIp6() ? "[" + a + "]" : a.toString();
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Nat)) {
                return false;
            }
            Nat n = (Nat) o;
            return n.source == source && Objects.equals(n.address, address) && Objects.equals(n.addressLast, addressLast)
                    && n.port == port && n.portLast == portLast;
        }

        @Override
        public int hashCode() {
            return Objects.hash(source, address, addressLast, port, portLast);
        }
    }

    /**
     * NXAST_MULTIPATH: hashes the connection (its symmetric L3/L4 fields, or only the source
     * address) and stores {@code hash mod links} in a register field: one of {@code links} equally
     * likely slots, the same for every packet of a connection (or of a client).
     */
    public static final class Multipath extends DsnAction {
        private final boolean bySource;
        private final int links;
        private final RegField dst;

        Multipath(boolean bySource, int links, RegField dst) {
            if (links < 1 || links > 65536 || links - 1 > (dst.mask() >>> dst.low())) {
                throw new IllegalArgumentException(links + " multipath links do not fit " + dst.name());
            }
            this.bySource = bySource;
            this.links = links;
            this.dst = Objects.requireNonNull(dst);
        }

        /** Returns whether only the source address is hashed (else the symmetric L3 and L4 fields, UDP included). */
        public boolean bySource() {
            return bySource;
        }

        /** Returns the number of slots. */
        public int links() {
            return links;
        }

        /** Returns the register field the slot is stored in. */
        public RegField dst() {
            return dst;
        }

        @Override
        public String render() {
            return "multipath(" + (bySource ? "nw_src" : "symmetric_l3l4+udp") + ",0,modulo_n," + links + ",0," + dst.nxmSlice() + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Multipath && ((Multipath) o).bySource == bySource && ((Multipath) o).links == links
                    && ((Multipath) o).dst.equals(dst);
        }

        @Override
        public int hashCode() {
            return Objects.hash(bySource, links, dst.name());
        }
    }

    /** Continue processing in another table and come back (NXAST_RESUBMIT_TABLE, in_port unchanged). */
    public static final class Resubmit extends DsnAction {
        private final Table table;

        Resubmit(Table table) {
            this.table = Objects.requireNonNull(table);
        }

        /** Returns the table. */
        public Table table() {
            return table;
        }

        @Override
        public String render() {
            return "resubmit(," + table.number() + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Resubmit && ((Resubmit) o).table.equals(table);
        }

        @Override
        public int hashCode() {
            return table.hashCode() + 7;
        }
    }

    /** Copy one register field into another of the same width (NXAST_REG_MOVE). */
    public static final class Move extends DsnAction {
        private final RegField from;
        private final RegField to;

        Move(RegField from, RegField to) {
            if (from.high() - from.low() != to.high() - to.low()) {
                throw new IllegalArgumentException("move needs fields of one width: " + from.name() + ", " + to.name());
            }
            this.from = from;
            this.to = to;
        }

        /** Returns the source field. */
        public RegField from() {
            return from;
        }

        /** Returns the destination field. */
        public RegField to() {
            return to;
        }

        @Override
        public String render() {
            return "move:" + from.nxmSlice() + "->" + to.nxmSlice();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Move && ((Move) o).from.equals(from) && ((Move) o).to.equals(to);
        }

        @Override
        public int hashCode() {
            return Objects.hash(from.name(), to.name());
        }
    }

    /** Copy a whole packet header field into another of the same width (an ARP responder's swaps). */
    public static final class MoveField extends DsnAction {
        private final Field from;
        private final Field to;

        MoveField(Field from, Field to) {
            if (width(from) == 0 || width(from) != width(to)) {
                throw new IllegalArgumentException("cannot move " + from.ofctl() + " to " + to.ofctl());
            }
            this.from = from;
            this.to = to;
        }

        /** Returns the bits of a field this action moves (0: not one it moves). */
        public static int width(Field f) {
            switch (f) {
                case ETH_SRC:
                case ETH_DST:
                case ARP_SHA:
                case ARP_THA:
                    return 48;
                case ARP_SPA:
                case ARP_TPA:
                    return 32;
                default:
                    return 0;
            }
        }

        /** Returns the NXM name of a field this action moves. */
        public static String nxm(Field f) {
            switch (f) {
                case ETH_SRC:
                    return "NXM_OF_ETH_SRC";
                case ETH_DST:
                    return "NXM_OF_ETH_DST";
                case ARP_SHA:
                    return "NXM_NX_ARP_SHA";
                case ARP_THA:
                    return "NXM_NX_ARP_THA";
                case ARP_SPA:
                    return "NXM_OF_ARP_SPA";
                case ARP_TPA:
                    return "NXM_OF_ARP_TPA";
                default:
                    throw new IllegalArgumentException("not moved: " + f);
            }
        }

        /** Returns the source field. */
        public Field from() {
            return from;
        }

        /** Returns the destination field. */
        public Field to() {
            return to;
        }

        @Override
        public String render() {
            return "move:" + nxm(from) + "[]->" + nxm(to) + "[]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MoveField && ((MoveField) o).from == from && ((MoveField) o).to == to;
        }

        @Override
        public int hashCode() {
            return Objects.hash(from, to);
        }
    }

    /** Contribute clause {@code clause} of {@code clauses} to conjunction {@code id}. */
    public static final class Conjunction extends DsnAction {
        private final long id;
        private final int clause;
        private final int clauses;

        Conjunction(long id, int clause, int clauses) {
            this.id = id;
            this.clause = clause;
            this.clauses = clauses;
        }

        /** Returns the conjunction id. */
        public long id() {
            return id;
        }

        /** Returns the clause number, 1-based. */
        public int clause() {
            return clause;
        }

        /** Returns the number of clauses. */
        public int clauses() {
            return clauses;
        }

        @Override
        public String render() {
            return "conjunction(" + id + "," + clause + "/" + clauses + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Conjunction && ((Conjunction) o).id == id && ((Conjunction) o).clause == clause
                    && ((Conjunction) o).clauses == clauses;
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, clause, clauses);
        }
    }

    /** Send the packet to the controller with the deciding flow's cookie as userdata. */
    public static final class Controller extends DsnAction {
        private final long userdata;

        Controller(long userdata) {
            this.userdata = userdata;
        }

        /** Returns the 8-byte userdata (the cookie of the deciding rule). */
        public long userdata() {
            return userdata;
        }

        @Override
        public String render() {
            StringBuilder sb = new StringBuilder("controller(userdata=");
            for (int i = 7; i >= 0; i--) {
                sb.append(String.format("%02x", (userdata >>> (8 * i)) & 0xff)).append(i > 0 ? "." : "");
            }
            return sb.append(')').toString();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Controller && ((Controller) o).userdata == userdata;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(userdata);
        }
    }

    /** Sample the packet to IPFIX collector set 1 (the rule log), observation point = rule key. */
    public static final class Sample extends DsnAction {
        private final long domain;
        private final long point;

        Sample(long domain, long point) {
            this.domain = domain;
            this.point = point;
        }

        /** Returns the observation domain (the tenant key). */
        public long domain() {
            return domain;
        }

        /** Returns the observation point (the rule key). */
        public long point() {
            return point;
        }

        @Override
        public String render() {
            return "sample(probability=65535,collector_set_id=1,obs_domain_id=" + domain + ",obs_point_id=" + point + ")";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sample && ((Sample) o).domain == domain && ((Sample) o).point == point;
        }

        @Override
        public int hashCode() {
            return Objects.hash(domain, point);
        }
    }

    /** Set a standard packet field (today: {@link Field#IP_DSCP}). */
    public static final class SetField extends DsnAction {
        private final Field field;
        private final long value;

        SetField(Field field, long value) {
            long max;
            switch (field) {
                case IP_DSCP:
                    max = 63;
                    break;
                case ETH_SRC:
                case ETH_DST:
                case ARP_SHA:
                    max = 0xffffffffffffL;
                    break;
                case ARP_SPA:
                    max = 0xffffffffL;
                    break;
                case ARP_OP:
                    max = 0xffff;
                    break;
                case TUN_ID:
                case TUN_DST:
                    max = 0xffffffffL;
                    break;
                case IN_PORT: // 0: none, so a packet may go out of the port it came in on (OFPP_IN_PORT excepted)
                    max = 0xfeff;
                    break;
                default:
                    throw new IllegalArgumentException("the OVS DSN driver sets no " + field.ofctl() + " field");
            }
            if (value < 0 || value > max) {
                throw new IllegalArgumentException(field.ofctl() + " value " + Long.toHexString(value) + " out of range");
            }
            this.field = field;
            this.value = value;
        }

        /** Returns the field. */
        public Field field() {
            return field;
        }

        /** Returns the value. */
        public long value() {
            return value;
        }

        @Override
        public String render() {
            String v;
            String name = field.ofctl();
            switch (field) {
                case ETH_SRC:
                case ETH_DST:
                case ARP_SHA:
                    v = org.onlab.packet.MacAddress.valueOf(value).toString().toLowerCase();
                    name = field == Field.ETH_SRC ? "eth_src" : field == Field.ETH_DST ? "eth_dst" : name;
                    break;
                case ARP_SPA:
                case TUN_DST:
                    v = org.onlab.packet.Ip4Address.valueOf((int) value).toString();
                    break;
                case TUN_ID:
                    v = "0x" + Long.toHexString(value);
                    break;
                default:
                    v = String.valueOf(value);
            }
            return "set_field:" + v + "->" + name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SetField && ((SetField) o).field == field && ((SetField) o).value == value;
        }

        @Override
        public int hashCode() {
            return Objects.hash(field, value);
        }
    }

    /** Decrement the IPv4 TTL or IPv6 hop limit (a routed packet); a packet whose TTL runs out is dropped. */
    public static final class DecTtl extends DsnAction {
        static final DecTtl INSTANCE = new DecTtl();

        private DecTtl() {
        }

        @Override
        public String render() {
            return "dec_ttl";
        }
    }

    /**
     * Sets the one-bit register field {@code dst} to whether the packet (its Ethernet frame) is
     * longer than {@code length} bytes, clears it otherwise (Nicira check_pkt_larger).
     */
    public static final class CheckPktLarger extends DsnAction {
        private final int length;
        private final RegField dst;

        CheckPktLarger(int length, RegField dst) {
            if (dst.high() != dst.low()) {
                throw new IllegalArgumentException("check_pkt_larger writes one bit, not " + dst);
            }
            if (length <= 0 || length > 0xffff) {
                throw new IllegalArgumentException("check_pkt_larger length " + length);
            }
            this.length = length;
            this.dst = Objects.requireNonNull(dst);
        }

        /** Returns the length a packet must exceed to set the bit. */
        public int length() {
            return length;
        }

        /** Returns the bit set. */
        public RegField dst() {
            return dst;
        }

        @Override
        public String render() {
            return "check_pkt_larger(" + length + ")->" + dst.nxmSlice();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof CheckPktLarger && ((CheckPktLarger) o).length == length && ((CheckPktLarger) o).dst.equals(dst);
        }

        @Override
        public int hashCode() {
            return Objects.hash(length, dst);
        }
    }

    /** Sets one-bit field {@code dst} to whether the packet's frame is longer than {@code length} bytes. */
    public static DsnAction checkPktLarger(int length, RegField dst) {
        return new CheckPktLarger(length, dst);
    }

    /** Decrement the TTL (hop limit): the one action of a router a DSN's distributed routing performs. */
    public static DsnAction decTtl() {
        return DecTtl.INSTANCE;
    }

    /** Set a standard packet field. */
    public static DsnAction setField(Field field, long value) {
        return new SetField(field, value);
    }

    /** Output to a port. */
    public static DsnAction output(long port) {
        return new Output(port);
    }

    /** Hand to NORMAL switching. */
    public static DsnAction normal() {
        return new Normal();
    }

    /** Continue in {@code t}. */
    public static DsnAction gotoTable(Table t) {
        return new Goto(t);
    }

    /** Load {@code value} into {@code f}. */
    public static Load load(RegField f, long value) {
        return new Load(f, value);
    }

    /** Conntrack lookup in the tenant zone, continuing in {@code t}. */
    public static DsnAction ct(Table t) {
        return new Ct(false, t, Registers.TENANT, List.of());
    }

    /** Conntrack commit in the tenant zone with loads and moves into the mark and label. */
    public static DsnAction ctCommit(List<? extends DsnAction> exec) {
        return new Ct(true, null, Registers.TENANT, exec);
    }

    /** Conntrack lookup in the tenant zone applying the connection's address translation, continuing in {@code t}. */
    public static DsnAction ctNat(Table t) {
        return new Ct(false, t, Registers.TENANT, List.of(), Nat.own());
    }

    /**
     * Conntrack commit in the tenant zone translating the source (or destination) to
     * {@code address} (and {@code port} when not 0); continues in {@code t}, or after the action when null.
     */
    public static DsnAction ctCommitNat(boolean source, org.onlab.packet.IpAddress address, int port, Table t) {
        return new Ct(true, t, Registers.TENANT, List.of(), new Nat(source, Objects.requireNonNull(address), port));
    }

    /**
     * Conntrack in the fixed zone {@code zone}: with {@code commit} and a {@code nat} address the
     * connection is translated; plain nat applies an existing translation. Continues in {@code t},
     * or after the action when null.
     */
    public static DsnAction ctInZone(int zone, boolean commit, Nat nat, Table t) {
        return new Ct(commit, t, null, zone, List.of(), nat);
    }

    /** Copy packet field {@code from} into {@code to}. */
    public static DsnAction moveField(Field from, Field to) {
        return new MoveField(from, to);
    }


    /** Process the packet by an OpenFlow group (OFPAT_GROUP), e.g. a select group's chosen bucket. */
    public static final class Group extends DsnAction {
        private final long id;

        Group(long id) {
            this.id = id;
        }

        /** Returns the group id. */
        public long id() {
            return id;
        }

        @Override
        public String render() {
            return "group:" + id;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Group && ((Group) o).id == id;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(id) + 11;
        }
    }

    /** One bucket of a group entry ({@link Table#GROUPS}): its weight and actions; never an action of a flow. */
    public static final class Bucket extends DsnAction {
        private final DsnGroup.Bucket bucket;

        Bucket(DsnGroup.Bucket bucket) {
            this.bucket = Objects.requireNonNull(bucket);
        }

        /** Returns the bucket. */
        public DsnGroup.Bucket bucket() {
            return bucket;
        }

        @Override
        public String render() {
            return bucket.toString();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bucket && ((Bucket) o).bucket.equals(bucket);
        }

        @Override
        public int hashCode() {
            return bucket.hashCode();
        }
    }

    /** To group {@code id}. */
    public static DsnAction group(long id) {
        return new Group(id);
    }

    /** Learn a flow (see {@link LearnAction}). */
    public static LearnAction learn(Table table, int idleTimeout, int priority, long cookie, List<LearnAction.Spec> specs) {
        return new LearnAction(table, idleTimeout, priority, cookie, specs);
    }

    /** Hash the connection into one of {@code links} slots stored in {@code dst}. */
    public static DsnAction multipath(boolean bySource, int links, RegField dst) {
        return new Multipath(bySource, links, dst);
    }

    /** Resubmit to {@code t}. */
    public static DsnAction resubmit(Table t) {
        return new Resubmit(t);
    }

    /** Copy register field {@code from} into {@code to} (same width). */
    public static DsnAction move(RegField from, RegField to) {
        return new Move(from, to);
    }

    /** A conjunction clause. */
    public static DsnAction conjunction(long id, int clause, int clauses) {
        return new Conjunction(id, clause, clauses);
    }

    /** To the controller with userdata. */
    public static DsnAction controller(long userdata) {
        return new Controller(userdata);
    }

    /** Sample to the rule log. */
    public static DsnAction sample(long domain, long point) {
        return new Sample(domain, point);
    }
}
