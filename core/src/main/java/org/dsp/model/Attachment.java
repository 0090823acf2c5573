package org.dsp.model;

import java.util.Objects;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/** Where an endpoint is attached: the DSN (an ONOS device) and its port. */
public final class Attachment {
    private final DeviceId dsn;
    private final PortNumber port;

    private Attachment(DeviceId dsn, PortNumber port) {
        this.dsn = Objects.requireNonNull(dsn, "dsn");
        this.port = Objects.requireNonNull(port, "port");
    }

    /** Creates an attachment to port {@code port} of DSN {@code dsn}. */
    public static Attachment of(DeviceId dsn, PortNumber port) {
        return new Attachment(dsn, port);
    }

    /** Returns the DSN device the endpoint sits behind. */
    public DeviceId dsn() {
        return dsn;
    }

    /** Returns the DSN port of the endpoint. */
    public PortNumber port() {
        return port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attachment && ((Attachment) o).dsn.equals(dsn) && ((Attachment) o).port.equals(port);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dsn, port);
    }

    @Override
    public String toString() {
        return dsn + "/" + port;
    }
}
