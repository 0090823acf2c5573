package org.dsp.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One tenant's whole desired state: the core's part (tenant id and name, endpoints, groups) and
 * the sections of the network services, each under its key ({@code firewall},
 * {@code segments}, {@code tenant.defaultPosture}, ...), decoded by the service that owns it
 * (org.dsp.spi.SectionCodec). A section the document leaves out is absent here.
 */
public final class TenantDocument {
    private final String tenantId;
    private final String displayName;
    private final long version;
    private final Map<String, Endpoint> endpoints;
    private final Map<String, Group> groups;
    private final Map<String, Namespace> namespaces;
    private final Map<String, Object> sections;

    private TenantDocument(Builder b) {
        this.tenantId = Objects.requireNonNull(b.tenantId, "tenantId");
        this.displayName = b.displayName == null ? b.tenantId : b.displayName;
        this.version = b.version;
        this.endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(b.endpoints));
        this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(b.groups));
        this.namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(b.namespaces));
        this.sections = Collections.unmodifiableMap(new LinkedHashMap<>(b.sections));
    }

    /** Returns a new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the tenant id. */
    public String tenantId() {
        return tenantId;
    }

    /** Returns the display name. */
    public String displayName() {
        return displayName;
    }

    /** Returns the document version the submitter based it on (0 when not given). */
    public long version() {
        return version;
    }

    /** Returns the endpoints by name, in document order. */
    public Map<String, Endpoint> endpoints() {
        return endpoints;
    }

    /** Returns the groups by name, in document order. */
    public Map<String, Group> groups() {
        return groups;
    }

    /** Returns the namespaces by name, in document order. */
    public Map<String, Namespace> namespaces() {
        return namespaces;
    }

    /** Returns the service sections present, by key, in document order. */
    public Map<String, Object> sections() {
        return sections;
    }

    /**
     * Returns the section under {@code key} as a {@code type}, or null when the document leaves it
     * out (or holds it raw: no active service read it).
     */
    public <T> T section(String key, Class<T> type) {
        Object v = sections.get(key);
        return type.isInstance(v) ? type.cast(v) : null;
    }

    /** Returns a copy of this document with another version number. */
    public TenantDocument withVersion(long v) {
        Builder b = toBuilder();
        b.version = v;
        return b.build();
    }

    /** Returns a builder holding this document's content. */
    public Builder toBuilder() {
        Builder b = builder().tenantId(tenantId).displayName(displayName).version(version);
        endpoints.values().forEach(b::endpoint);
        groups.values().forEach(b::group);
        namespaces.values().forEach(b::namespace);
        b.sections.putAll(sections);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TenantDocument)) {
            return false;
        }
        TenantDocument d = (TenantDocument) o;
        return d.tenantId.equals(tenantId) && d.displayName.equals(displayName) && d.version == version
                && d.endpoints.equals(endpoints) && d.groups.equals(groups) && d.namespaces.equals(namespaces)
                && d.sections.equals(sections);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenantId, version, endpoints, groups, namespaces, sections);
    }

    @Override
    public String toString() {
        return "TenantDocument{" + tenantId + " v" + version + ", " + endpoints.size() + " endpoints, "
                + groups.size() + " groups, sections " + sections.keySet() + "}";
    }

    /** Builder of {@link TenantDocument}. */
    public static final class Builder {
        private String tenantId;
        private String displayName;
        private long version;
        private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        private final Map<String, Group> groups = new LinkedHashMap<>();
        private final Map<String, Namespace> namespaces = new LinkedHashMap<>();
        private final Map<String, Object> sections = new LinkedHashMap<>();

        private Builder() {
        }

        /** Sets the tenant id. */
        public Builder tenantId(String v) {
            this.tenantId = v;
            return this;
        }

        /** Sets the display name. */
        public Builder displayName(String v) {
            this.displayName = v;
            return this;
        }

        /** Sets the version. */
        public Builder version(long v) {
            this.version = v;
            return this;
        }

        /** Adds an endpoint; a later one with the same name replaces it. */
        public Builder endpoint(Endpoint v) {
            this.endpoints.put(v.name(), v);
            return this;
        }

        /** Removes an endpoint by name. */
        public Builder removeEndpoint(String name) {
            this.endpoints.remove(name);
            return this;
        }

        /** Adds a namespace; a later one with the same name replaces it. */
        public Builder namespace(Namespace v) {
            namespaces.put(v.name(), v);
            return this;
        }

        /** Adds a group; a later one with the same name replaces it. */
        public Builder group(Group v) {
            this.groups.put(v.name(), v);
            return this;
        }

        /** Sets the section under {@code key} (null: leaves it out). */
        public Builder section(String key, Object value) {
            if (value == null) {
                this.sections.remove(key);
            } else {
                this.sections.put(key, value);
            }
            return this;
        }

        /** Returns the section set under {@code key} so far as a {@code type}, or null. */
        public <T> T sectionSoFar(String key, Class<T> type) {
            Object v = sections.get(key);
            return type.isInstance(v) ? type.cast(v) : null;
        }

        /** Builds the document (cross references are checked by the validator, not here). */
        public TenantDocument build() {
            return new TenantDocument(this);
        }
    }
}
