package org.dsp.ir;

import java.util.List;
import java.util.Objects;
import org.dsp.model.Attachment;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;

/**
 * An endpoint as the pipeline needs it: where it is attached, its MAC and its addresses, and
 * whether those addresses are private to its tenant ({@link #scoped}: a service such as the
 * overlay gives the tenant an address space of its own).
 */
public final class EndpointBinding {
    private final String endpoint;
    private final Attachment attachment;
    private final MacAddress mac;
    private final List<IpAddress> addresses;
    private final boolean scoped;

    private EndpointBinding(String endpoint, Attachment attachment, MacAddress mac, List<IpAddress> addresses, boolean scoped) {
        this.endpoint = Objects.requireNonNull(endpoint);
        this.attachment = Objects.requireNonNull(attachment);
        this.mac = Objects.requireNonNull(mac);
        this.addresses = List.copyOf(addresses);
        this.scoped = scoped;
    }

    /** Creates a binding on the shared fabric (addresses in the one address space every flat tenant shares). */
    public static EndpointBinding of(String endpoint, Attachment attachment, MacAddress mac, List<IpAddress> addresses) {
        return new EndpointBinding(endpoint, attachment, mac, addresses, false);
    }

    /**
     * Creates a binding; {@code scoped}: the endpoint's addresses are private to its tenant, so the
     * pipeline neither delivers it packets from the shared fabric nor hands its address resolution
     * (ARP, neighbour discovery) to the fabric - the service that scoped it carries both.
     */
    public static EndpointBinding of(String endpoint, Attachment attachment, MacAddress mac, List<IpAddress> addresses,
                                     boolean scoped) {
        return new EndpointBinding(endpoint, attachment, mac, addresses, scoped);
    }

    /** Returns whether the endpoint's addresses are private to its tenant (reached only through its service). */
    public boolean scoped() {
        return scoped;
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
        return b.endpoint.equals(endpoint) && b.attachment.equals(attachment) && b.mac.equals(mac) && b.addresses.equals(addresses)
                && b.scoped == scoped;
    }

    @Override
    public int hashCode() {
        return Objects.hash(endpoint, attachment, mac, addresses, scoped);
    }

    @Override
    public String toString() {
        return endpoint + "@" + attachment + " mac=" + mac + " addrs=" + addresses + (scoped ? " scoped" : "");
    }
}
