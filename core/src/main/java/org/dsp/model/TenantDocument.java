package org.dsp.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** One tenant's whole desired state: endpoints, groups, segments and tiered firewall rules. */
public final class TenantDocument {
    private final String tenantId;
    private final String displayName;
    private final Posture posture;
    private final long version;
    private final Map<String, Endpoint> endpoints;
    private final Map<String, Group> groups;
    private final Map<String, Segment> segments;
    private final Map<Tier, List<Rule>> tiers;

    private TenantDocument(Builder b) {
        this.tenantId = Objects.requireNonNull(b.tenantId, "tenantId");
        this.displayName = b.displayName == null ? b.tenantId : b.displayName;
        this.posture = Objects.requireNonNull(b.posture, "posture");
        this.version = b.version;
        this.endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(b.endpoints));
        this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(b.groups));
        this.segments = Collections.unmodifiableMap(new LinkedHashMap<>(b.segments));
        EnumMap<Tier, List<Rule>> t = new EnumMap<>(Tier.class);
        for (Tier tier : Tier.values()) {
            t.put(tier, List.copyOf(b.tiers.getOrDefault(tier, List.of())));
        }
        this.tiers = Collections.unmodifiableMap(t);
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

    /** Returns the tenant's default posture. */
    public Posture posture() {
        return posture;
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

    /** Returns the segments by name, in document order. */
    public Map<String, Segment> segments() {
        return segments;
    }

    /** Returns the ordered rules of a tier (possibly empty). */
    public List<Rule> rules(Tier tier) {
        return tiers.get(tier);
    }

    /** Returns every rule of every tier, in evaluation order. */
    public List<Rule> allRules() {
        List<Rule> all = new ArrayList<>();
        for (Tier t : Tier.values()) {
            all.addAll(tiers.get(t));
        }
        return all;
    }

    /** Returns a copy of this document with another version number. */
    public TenantDocument withVersion(long v) {
        Builder b = toBuilder();
        b.version = v;
        return b.build();
    }

    /** Returns a builder holding this document's content. */
    public Builder toBuilder() {
        Builder b = builder().tenantId(tenantId).displayName(displayName).posture(posture).version(version);
        endpoints.values().forEach(b::endpoint);
        groups.values().forEach(b::group);
        segments.values().forEach(b::segment);
        for (Tier t : Tier.values()) {
            for (Rule r : tiers.get(t)) {
                b.rule(t, r);
            }
        }
        return b;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TenantDocument)) {
            return false;
        }
        TenantDocument d = (TenantDocument) o;
        return d.tenantId.equals(tenantId) && d.displayName.equals(displayName) && d.posture == posture
                && d.version == version && d.endpoints.equals(endpoints) && d.groups.equals(groups)
                && d.segments.equals(segments) && d.tiers.equals(tiers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenantId, version, endpoints, groups, tiers);
    }

    @Override
    public String toString() {
        return "TenantDocument{" + tenantId + " v" + version + ", " + endpoints.size() + " endpoints, "
                + groups.size() + " groups, " + allRules().size() + " rules}";
    }

    /** Builder of {@link TenantDocument}. */
    public static final class Builder {
        private String tenantId;
        private String displayName;
        private Posture posture = Posture.DEFAULT_ALLOW;
        private long version;
        private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        private final Map<String, Group> groups = new LinkedHashMap<>();
        private final Map<String, Segment> segments = new LinkedHashMap<>();
        private final Map<Tier, List<Rule>> tiers = new EnumMap<>(Tier.class);

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

        /** Sets the default posture. */
        public Builder posture(Posture v) {
            this.posture = v;
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

        /** Adds a group; a later one with the same name replaces it. */
        public Builder group(Group v) {
            this.groups.put(v.name(), v);
            return this;
        }

        /** Adds a segment. */
        public Builder segment(Segment v) {
            this.segments.put(v.name(), v);
            return this;
        }

        /** Appends a rule to a tier. */
        public Builder rule(Tier tier, Rule r) {
            this.tiers.computeIfAbsent(tier, k -> new ArrayList<>()).add(r);
            return this;
        }

        /** Replaces the rule with the same name in any tier; returns whether one was replaced. */
        public boolean replaceRule(Rule r) {
            for (List<Rule> rules : tiers.values()) {
                for (int i = 0; i < rules.size(); i++) {
                    if (rules.get(i).name().equals(r.name())) {
                        rules.set(i, r);
                        return true;
                    }
                }
            }
            return false;
        }

        /** Removes the rule named {@code name} from any tier. */
        public Builder removeRule(String name) {
            tiers.values().forEach(l -> l.removeIf(r -> r.name().equals(name)));
            return this;
        }

        /** Builds the document (cross references are checked by the validator, not here). */
        public TenantDocument build() {
            return new TenantDocument(this);
        }
    }
}
