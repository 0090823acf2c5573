package org.dsp.semantics;

import java.util.Objects;
import org.dsp.model.Protocol;
import org.onlab.packet.IpAddress;

/** A connection attempt: source and destination addresses, protocol and destination port. */
public final class Connection {
    private final IpAddress src;
    private final IpAddress dst;
    private final Protocol protocol;
    private final int dstPort;

    private Connection(IpAddress src, IpAddress dst, Protocol protocol, int dstPort) {
        this.src = Objects.requireNonNull(src);
        this.dst = Objects.requireNonNull(dst);
        this.protocol = Objects.requireNonNull(protocol);
        this.dstPort = protocol == Protocol.ICMP ? 0 : dstPort;
        if (protocol == Protocol.ANY) {
            throw new IllegalArgumentException("a connection has a concrete protocol");
        }
        if (src.version() != dst.version()) {
            throw new IllegalArgumentException("mixed address families");
        }
    }

    /** Creates a connection attempt. */
    public static Connection of(IpAddress src, IpAddress dst, Protocol protocol, int dstPort) {
        return new Connection(src, dst, protocol, dstPort);
    }

    /** Returns the source address. */
    public IpAddress src() {
        return src;
    }

    /** Returns the destination address. */
    public IpAddress dst() {
        return dst;
    }

    /** Returns the protocol (tcp, udp or icmp). */
    public Protocol protocol() {
        return protocol;
    }

    /** Returns the destination port (0 for icmp). */
    public int dstPort() {
        return dstPort;
    }

    /** Returns the connection in the other direction, to {@code port}. */
    public Connection reverse(int port) {
        return new Connection(dst, src, protocol, port);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Connection)) {
            return false;
        }
        Connection c = (Connection) o;
        return c.src.equals(src) && c.dst.equals(dst) && c.protocol == protocol && c.dstPort == dstPort;
    }

    @Override
    public int hashCode() {
        return Objects.hash(src, dst, protocol, dstPort);
    }

    @Override
    public String toString() {
        return protocol.wireName() + " " + src + " -> " + dst + (protocol == Protocol.ICMP ? "" : ":" + dstPort);
    }
}
