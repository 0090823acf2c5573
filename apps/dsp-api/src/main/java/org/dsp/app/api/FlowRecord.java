package org.dsp.app.api;

import java.util.Objects;

/**
 * One connection as a logged rule saw it on one DSN (a flow log record): its 5-tuple, the tenant,
 * the rule that decided and how, the packets and bytes the DSN sampled for it in the original
 * direction (every packet of the connection that passes the DSN in that direction: the rule's flows
 * decide the first one and those policy re-evaluates, the connection-state stage samples the
 * others by the rule kept in the connection's label) and in the reply direction (where the DSN
 * keeps labels: the standalone node), when it was first and last seen, and whether a TCP FIN or RST was seen.
 * Immutable; built with {@link #builder()}.
 */
public final class FlowRecord {
    private final String tenant;
    private final String rule;
    private final String verdict;
    private final String direction;
    private final String dsn;
    private final int protocol;
    private final String src;
    private final int srcPort;
    private final String dst;
    private final int dstPort;
    private final long packets;
    private final long bytes;
    private final long replyPackets;
    private final long replyBytes;
    private final long start;
    private final long end;
    private final boolean closed;

    private FlowRecord(Builder b) {
        this.tenant = Objects.requireNonNull(b.tenant, "tenant");
        this.rule = Objects.requireNonNull(b.rule, "rule");
        this.verdict = Objects.requireNonNull(b.verdict, "verdict");
        this.direction = Objects.requireNonNull(b.direction, "direction");
        this.dsn = Objects.requireNonNull(b.dsn, "dsn");
        this.protocol = b.protocol;
        this.src = Objects.requireNonNull(b.src, "src");
        this.srcPort = b.srcPort;
        this.dst = Objects.requireNonNull(b.dst, "dst");
        this.dstPort = b.dstPort;
        this.packets = b.packets;
        this.bytes = b.bytes;
        this.replyPackets = b.replyPackets;
        this.replyBytes = b.replyBytes;
        this.start = b.start;
        this.end = b.end;
        this.closed = b.closed;
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding this record's values. */
    public Builder toBuilder() {
        return new Builder().tenant(tenant).rule(rule).verdict(verdict).direction(direction).dsn(dsn).protocol(protocol)
                .src(src).srcPort(srcPort).dst(dst).dstPort(dstPort).packets(packets).bytes(bytes).replyPackets(replyPackets)
                .replyBytes(replyBytes).start(start).end(end)
                .closed(closed);
    }

    /** Returns the tenant id. */
    public String tenant() {
        return tenant;
    }

    /** Returns the name of the rule that decided. */
    public String rule() {
        return rule;
    }

    /** Returns the rule's action: {@code allow}, {@code deny}, {@code reject}, {@code pass} (or {@code unknown}). */
    public String verdict() {
        return verdict;
    }

    /** Returns the rule's direction: {@code egress} (evaluated at the source's DSN) or {@code ingress}. */
    public String direction() {
        return direction;
    }

    /** Returns the DSN that sampled it (e.g. {@code of:0000000000000002}). */
    public String dsn() {
        return dsn;
    }

    /** Returns the IP protocol number (6 TCP, 17 UDP, 1 ICMP, ...). */
    public int protocol() {
        return protocol;
    }

    /** Returns the source address. */
    public String src() {
        return src;
    }

    /** Returns the source port (0 when the protocol has none). */
    public int srcPort() {
        return srcPort;
    }

    /** Returns the destination address. */
    public String dst() {
        return dst;
    }

    /** Returns the destination port (0 when the protocol has none). */
    public int dstPort() {
        return dstPort;
    }

    /** Returns the packets sampled. */
    public long packets() {
        return packets;
    }

    /** Returns the bytes sampled (IP packets' lengths). */
    public long bytes() {
        return bytes;
    }

    /** Returns the packets of the reply direction sampled. */
    public long replyPackets() {
        return replyPackets;
    }

    /** Returns the bytes of the reply direction sampled. */
    public long replyBytes() {
        return replyBytes;
    }

    /** Returns when the first packet was seen (ms since the epoch). */
    public long start() {
        return start;
    }

    /** Returns when the last packet was seen (ms since the epoch). */
    public long end() {
        return end;
    }

    /** Returns whether a TCP FIN or RST was among the packets. */
    public boolean closed() {
        return closed;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FlowRecord)) {
            return false;
        }
        FlowRecord r = (FlowRecord) o;
        return protocol == r.protocol && srcPort == r.srcPort && dstPort == r.dstPort && packets == r.packets && bytes == r.bytes
                && replyPackets == r.replyPackets && replyBytes == r.replyBytes
                && start == r.start && end == r.end && closed == r.closed && tenant.equals(r.tenant) && rule.equals(r.rule)
                && verdict.equals(r.verdict) && direction.equals(r.direction) && dsn.equals(r.dsn) && src.equals(r.src)
                && dst.equals(r.dst);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, rule, dsn, protocol, src, srcPort, dst, dstPort, start, end, packets);
    }

    @Override
    public String toString() {
        return tenant + "/" + rule + " " + verdict + " " + direction + " at " + dsn + ": " + protocol + " " + src + ":" + srcPort
                + " -> " + dst + ":" + dstPort + " " + packets + " pkts " + bytes + " B, replies " + replyPackets + " pkts " + replyBytes
                + " B [" + start + ".." + end + "]"
                + (closed ? " closed" : "");
    }

    /** Builds a {@link FlowRecord}. */
    public static final class Builder {
        private String tenant;
        private String rule;
        private String verdict = "unknown";
        private String direction = "egress";
        private String dsn;
        private int protocol;
        private String src;
        private int srcPort;
        private String dst;
        private int dstPort;
        private long packets;
        private long bytes;
        private long replyPackets;
        private long replyBytes;
        private long start;
        private long end;
        private boolean closed;

        private Builder() {
        }

        /** Sets the tenant id. */
        public Builder tenant(String v) {
            tenant = v;
            return this;
        }

        /** Sets the rule name. */
        public Builder rule(String v) {
            rule = v;
            return this;
        }

        /** Sets the verdict. */
        public Builder verdict(String v) {
            verdict = v;
            return this;
        }

        /** Sets the direction. */
        public Builder direction(String v) {
            direction = v;
            return this;
        }

        /** Sets the DSN. */
        public Builder dsn(String v) {
            dsn = v;
            return this;
        }

        /** Sets the IP protocol number. */
        public Builder protocol(int v) {
            protocol = v;
            return this;
        }

        /** Sets the source address. */
        public Builder src(String v) {
            src = v;
            return this;
        }

        /** Sets the source port. */
        public Builder srcPort(int v) {
            srcPort = v;
            return this;
        }

        /** Sets the destination address. */
        public Builder dst(String v) {
            dst = v;
            return this;
        }

        /** Sets the destination port. */
        public Builder dstPort(int v) {
            dstPort = v;
            return this;
        }

        /** Sets the packets. */
        public Builder packets(long v) {
            packets = v;
            return this;
        }

        /** Sets the bytes. */
        public Builder bytes(long v) {
            bytes = v;
            return this;
        }

        /** Sets the reply direction's packets. */
        public Builder replyPackets(long v) {
            replyPackets = v;
            return this;
        }

        /** Sets the reply direction's bytes. */
        public Builder replyBytes(long v) {
            replyBytes = v;
            return this;
        }

        /** Sets the first time seen (ms). */
        public Builder start(long v) {
            start = v;
            return this;
        }

        /** Sets the last time seen (ms). */
        public Builder end(long v) {
            end = v;
            return this;
        }

        /** Sets whether a FIN or RST was seen. */
        public Builder closed(boolean v) {
            closed = v;
            return this;
        }

        /** Returns the record. */
        public FlowRecord build() {
            return new FlowRecord(this);
        }
    }
}
