package org.dsp.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;

/** A workload (bare metal, VM or container) with its addresses, labels and DSN attachment. */
public final class Endpoint {
    private final String name;
    private final EndpointKind kind;
    private final MacAddress mac;
    private final List<IpAddress> addresses;
    private final Map<String, String> labels;
    private final Attachment attachment;
    private final List<NamedPort> namedPorts;
    private final String namespace;

    private Endpoint(Builder b) {
        this.name = Objects.requireNonNull(b.name, "name");
        this.kind = Objects.requireNonNull(b.kind, "kind");
        this.mac = Objects.requireNonNull(b.mac, "mac");
        this.addresses = List.copyOf(b.addresses);
        this.labels = java.util.Collections.unmodifiableMap(new TreeMap<>(b.labels));
        this.attachment = Objects.requireNonNull(b.attachment, "attachment");
        this.namedPorts = List.copyOf(b.namedPorts);
        this.namespace = b.namespace;
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("endpoint " + name + " has no address");
        }
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the endpoint's name, unique in its tenant. */
    public String name() {
        return name;
    }

    /** Returns the kind of workload. */
    public EndpointKind kind() {
        return kind;
    }

    /** Returns the workload's MAC address. */
    public MacAddress mac() {
        return mac;
    }

    /** Returns the workload's IPv4 and IPv6 addresses (at least one). */
    public List<IpAddress> addresses() {
        return addresses;
    }

    /** Returns the labels, sorted by key. */
    public Map<String, String> labels() {
        return labels;
    }

    /** Returns where the workload is attached. */
    public Attachment attachment() {
        return attachment;
    }

    /** Returns the ports this workload serves under a name. */
    public List<NamedPort> namedPorts() {
        return namedPorts;
    }

    /** Returns the named port {@code portName} for {@code protocol}, or null. */
    public NamedPort namedPort(String portName, Protocol protocol) {
        for (NamedPort p : namedPorts) {
            if (p.name().equals(portName) && (protocol == Protocol.ANY || p.protocol() == protocol)) {
                return p;
            }
        }
        return null;
    }

    /** Returns the name of the namespace the endpoint lives in, or null when it names none. */
    public String namespace() {
        return namespace;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Endpoint)) {
            return false;
        }
        Endpoint e = (Endpoint) o;
        return e.name.equals(name) && e.kind == kind && e.mac.equals(mac) && e.addresses.equals(addresses)
                && e.labels.equals(labels) && e.attachment.equals(attachment) && e.namedPorts.equals(namedPorts)
                && Objects.equals(e.namespace, namespace);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, kind, mac, addresses, labels, attachment, namedPorts, namespace);
    }

    @Override
    public String toString() {
        return "Endpoint{" + name + " " + kind.wireName() + " " + mac + " " + addresses + " @" + attachment + "}";
    }

    /** Builder of {@link Endpoint}. */
    public static final class Builder {
        private String name;
        private EndpointKind kind = EndpointKind.VM;
        private MacAddress mac;
        private final List<IpAddress> addresses = new ArrayList<>();
        private final Map<String, String> labels = new TreeMap<>();
        private Attachment attachment;
        private final List<NamedPort> namedPorts = new ArrayList<>();
        private String namespace;

        private Builder() {
        }

        /** Sets the namespace the endpoint lives in (null: none). */
        public Builder namespace(String v) {
            this.namespace = v;
            return this;
        }

        /** Sets the name. */
        public Builder name(String v) {
            this.name = v;
            return this;
        }

        /** Sets the kind. */
        public Builder kind(EndpointKind v) {
            this.kind = v;
            return this;
        }

        /** Sets the MAC address. */
        public Builder mac(MacAddress v) {
            this.mac = v;
            return this;
        }

        /** Adds an address. */
        public Builder address(IpAddress v) {
            this.addresses.add(v);
            return this;
        }

        /** Adds a label. */
        public Builder label(String key, String value) {
            this.labels.put(key, value);
            return this;
        }

        /** Sets all labels. */
        public Builder labels(Map<String, String> v) {
            this.labels.clear();
            this.labels.putAll(v);
            return this;
        }

        /** Sets the attachment. */
        public Builder attachment(Attachment v) {
            this.attachment = v;
            return this;
        }

        /** Adds a named port. */
        public Builder namedPort(NamedPort v) {
            this.namedPorts.add(v);
            return this;
        }

        /** Builds the endpoint; throws when a required field is missing. */
        public Endpoint build() {
            return new Endpoint(this);
        }
    }
}
