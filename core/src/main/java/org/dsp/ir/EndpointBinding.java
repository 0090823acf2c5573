package org.dsp.ir;

import java.util.List;
import java.util.Objects;
import org.dsp.model.Attachment;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;

/** An endpoint as the pipeline needs it: where it is attached, its MAC and its addresses. */
public final class EndpointBinding {
    private final String endpoint;
    private final Attachment attachment;
    private final MacAddress mac;
    private final List<IpAddress> addresses;

    private EndpointBinding(String endpoint, Attachment attachment, MacAddress mac, List<IpAddress> addresses) {
        this.endpoint = Objects.requireNonNull(endpoint);
        this.attachment = Objects.requireNonNull(attachment);
        this.mac = Objects.requireNonNull(mac);
        this.addresses = List.copyOf(addresses);
    }

    /** Creates a binding. */
    public static EndpointBinding of(String endpoint, Attachment attachment, MacAddress mac, List<IpAddress> addresses) {
        return new EndpointBinding(endpoint, attachment, mac, addresses);
    }

    /** Returns the endpoint name. */
    public String endpoint() {
        return endpoint;
    }

    /** Returns the attachment. */
    public Attachment attachment() {
        return attachment;
    }

    /** Returns the MAC address. */
    public MacAddress mac() {
        return mac;
    }

    /** Returns the addresses. */
    public List<IpAddress> addresses() {
        return addresses;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof EndpointBinding)) {
            return false;
        }
        EndpointBinding b = (EndpointBinding) o;
        return b.endpoint.equals(endpoint) && b.attachment.equals(attachment) && b.mac.equals(mac) && b.addresses.equals(addresses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, attachment, mac, addresses);
    }

    @Override
    public String toString() {
        return endpoint + "@" + attachment + " mac=" + mac + " addrs=" + addresses;
    }
}
