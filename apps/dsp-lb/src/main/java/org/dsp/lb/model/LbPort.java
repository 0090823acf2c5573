package org.dsp.lb.model;

import java.util.Objects;
import org.dsp.model.Protocol;

/**
 * One port of a virtual service: clients connect to the VIP on {@code port}/{@code protocol}, and
 * the connection reaches a backend on the target port - a number, or a named port each backend
 * resolves for itself (a backend without that named port is not used for this port).
 */
public final class LbPort {
    private final String name;
    private final Protocol protocol;
    private final int port;
    private final int targetPort;
    private final String targetPortName;

    private LbPort(String name, Protocol protocol, int port, int targetPort, String targetPortName) {
        this.name = name;
        this.protocol = Objects.requireNonNull(protocol);
        if (protocol != Protocol.TCP && protocol != Protocol.UDP) {
            throw new IllegalArgumentException("a load-balanced port is TCP or UDP, not " + protocol.wireName());
        }
        this.port = port;
        this.targetPort = targetPort;
        this.targetPortName = targetPortName;
    }

    /** A port whose backends listen on the number {@code targetPort}. */
    public static LbPort of(String name, Protocol protocol, int port, int targetPort) {
        return new LbPort(name, protocol, port, targetPort, null);
    }

    /** A port whose backends listen on the named port {@code targetPortName}. */
    public static LbPort named(String name, Protocol protocol, int port, String targetPortName) {
        return new LbPort(name, protocol, port, 0, Objects.requireNonNull(targetPortName));
    }

    /** Returns the port's name, or null. */
    public String name() {
        return name;
    }

    /** Returns TCP or UDP. */
    public Protocol protocol() {
        return protocol;
    }

    /** Returns the port clients connect to on the VIP (1-65535). */
    public int port() {
        return port;
    }

    /** Returns the backends' port number, or 0 when it is named ({@link #targetPortName()}). */
    public int targetPort() {
        return targetPort;
    }

    /** Returns the backends' named port, or null when the target is a number. */
    public String targetPortName() {
        return targetPortName;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LbPort)) {
            return false;
        }
        LbPort p = (LbPort) o;
        return Objects.equals(p.name, name) && p.protocol == protocol && p.port == port && p.targetPort == targetPort
                && Objects.equals(p.targetPortName, targetPortName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, protocol, port, targetPort, targetPortName);
    }

    @Override
    public String toString() {
        return protocol.wireName() + "/" + port + "->" + (targetPortName != null ? targetPortName : String.valueOf(targetPort));
    }
}
