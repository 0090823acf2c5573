package org.dsp.lb.model;

import java.util.Objects;

/**
 * How the controller probes each backend (from the backend's own DSN): a TCP connect, or an HTTP
 * GET of {@link #path()} that must answer {@link #expectStatus()}; every {@link #intervalSeconds()},
 * each probe given {@link #timeoutSeconds()}; a backend is down after {@link #fall()} failures in
 * a row and up again after {@link #rise()} successes.
 */
public final class HealthCheck {
    private final CheckType type;
    private final int port;
    private final String portName;
    private final String path;
    private final int expectStatus;
    private final int intervalSeconds;
    private final int timeoutSeconds;
    private final int rise;
    private final int fall;

    private HealthCheck(Builder b) {
        this.type = Objects.requireNonNull(b.type);
        this.port = b.port;
        this.portName = b.portName;
        this.path = type == CheckType.HTTP ? Objects.requireNonNull(b.path) : null;
        this.expectStatus = type == CheckType.HTTP ? b.expectStatus : 0;
        this.intervalSeconds = b.intervalSeconds;
        this.timeoutSeconds = b.timeoutSeconds;
        this.rise = b.rise;
        this.fall = b.fall;
        if (timeoutSeconds > intervalSeconds) {
            throw new IllegalArgumentException("a probe's timeout " + timeoutSeconds + " s exceeds its interval " + intervalSeconds + " s");
        }
    }

    /** Returns a builder with the defaults: interval 5 s, timeout 2 s, rise 2, fall 3, HTTP status 200. */
    public static Builder builder(CheckType type) {
        return new Builder(type);
    }

    /** Returns TCP or HTTP. */
    public CheckType type() {
        return type;
    }

    /** Returns the port probed, or 0: the port the load balancer targets (or {@link #portName()}). */
    public int port() {
        return port;
    }

    /** Returns the named port probed, or null. */
    public String portName() {
        return portName;
    }

    /** Returns the HTTP path (null for TCP). */
    public String path() {
        return path;
    }

    /** Returns the HTTP status a healthy backend answers (0 for TCP). */
    public int expectStatus() {
        return expectStatus;
    }

    /** Returns the seconds between probes. */
    public int intervalSeconds() {
        return intervalSeconds;
    }

    /** Returns the seconds a probe may take. */
    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    /** Returns how many successes in a row bring a down backend up. */
    public int rise() {
        return rise;
    }

    /** Returns how many failures in a row take an up backend down. */
    public int fall() {
        return fall;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HealthCheck)) {
            return false;
        }
        HealthCheck h = (HealthCheck) o;
        return h.type == type && h.port == port && Objects.equals(h.portName, portName) && Objects.equals(h.path, path)
                && h.expectStatus == expectStatus && h.intervalSeconds == intervalSeconds && h.timeoutSeconds == timeoutSeconds
                && h.rise == rise && h.fall == fall;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, port, portName, path, expectStatus, intervalSeconds, timeoutSeconds, rise, fall);
    }

    @Override
    public String toString() {
        return type.wireName() + (path != null ? " GET " + path + " -> " + expectStatus : "") + " every " + intervalSeconds
                + " s (timeout " + timeoutSeconds + " s, rise " + rise + ", fall " + fall + ")";
    }

    /** Builds a {@link HealthCheck}. */
    public static final class Builder {
        private final CheckType type;
        private int port;
        private String portName;
        private String path;
        private int expectStatus = 200;
        private int intervalSeconds = 5;
        private int timeoutSeconds = 2;
        private int rise = 2;
        private int fall = 3;

        private Builder(CheckType type) {
            this.type = type;
        }

        /** Sets the port probed (0: the target port). */
        public Builder port(int v) {
            port = v;
            return this;
        }

        /** Sets the named port probed. */
        public Builder portName(String v) {
            portName = v;
            return this;
        }

        /** Sets the HTTP path. */
        public Builder path(String v) {
            path = v;
            return this;
        }

        /** Sets the expected HTTP status. */
        public Builder expectStatus(int v) {
            expectStatus = v;
            return this;
        }

        /** Sets the seconds between probes. */
        public Builder intervalSeconds(int v) {
            intervalSeconds = v;
            return this;
        }

        /** Sets the seconds a probe may take. */
        public Builder timeoutSeconds(int v) {
            timeoutSeconds = v;
            return this;
        }

        /** Sets the successes that bring a backend up. */
        public Builder rise(int v) {
            rise = v;
            return this;
        }

        /** Sets the failures that take a backend down. */
        public Builder fall(int v) {
            fall = v;
            return this;
        }

        /** Builds the check. */
        public HealthCheck build() {
            return new HealthCheck(this);
        }
    }
}
