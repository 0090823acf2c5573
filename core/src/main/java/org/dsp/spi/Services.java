package org.dsp.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.dsp.ir.Owner;
import org.dsp.ir.Stage;
import org.dsp.ir.StagePlan;

/**
 * A set of network services that can work together: distinct names, section keys, stages (names
 * and slots) and owner kind codes. {@link #of} refuses a set that overlaps, naming both services;
 * the core activates a service only when the set with it is valid. Immutable.
 */
public final class Services {
    private static volatile Services discovered;

    private final List<ServiceApp> apps;
    private final Map<String, SectionCodec<?>> sections = new LinkedHashMap<>();
    private final Map<String, ServiceApp> bySection = new HashMap<>();
    private final Map<Integer, ServiceApp> byKind = new HashMap<>();
    private final StagePlan plan;
    /** The document schema with these services' sections, assembled (and so checked) once. */
    private final com.fasterxml.jackson.databind.node.ObjectNode schema;
    /** The schema ("") and parts of it compiled for validation, by JSON pointer, on first use (most sets of services in tests never validate). */
    private final Map<String, java.util.Optional<org.dsp.jsonschema.SchemaValidator>> partValidators =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Services(Collection<ServiceApp> apps) {
        List<ServiceApp> sorted = new ArrayList<>(apps);
        sorted.sort(Comparator.comparing(ServiceApp::name));
        Map<String, ServiceApp> names = new HashMap<>();
        Map<Integer, String> kinds = new HashMap<>();
        for (Owner.Kind k : List.of(Owner.Kind.PIPELINE, Owner.Kind.INFRASTRUCTURE, Owner.Kind.ENDPOINT,
                Owner.Kind.ISOLATION, Owner.Kind.RULE)) {
            kinds.put(k.code(), "core");
        }
        StagePlan p = StagePlan.core();
        for (ServiceApp a : sorted) {
            ServiceApp other = names.put(a.name(), a);
            if (other != null) {
                throw new IllegalArgumentException("two services named " + a.name() + " (apps " + other.app() + ", " + a.app() + ")");
            }
            for (SectionCodec<?> c : a.sections()) {
                ServiceApp holder = bySection.put(c.key(), a);
                if (holder != null) {
                    throw new IllegalArgumentException("document section " + c.key() + " is claimed by services " + holder.name()
                            + " and " + a.name());
                }
                sections.put(c.key(), c);
            }
            for (Stage s : a.stages()) {
                if (!s.service().equals(a.name())) {
                    throw new IllegalArgumentException("service " + a.name() + " declares stage " + s + " of service " + s.service());
                }
            }
            for (Owner.Kind k : a.ownerKinds()) {
                String holder = kinds.putIfAbsent(k.code(), a.name());
                byKind.putIfAbsent(k.code(), a);
                if (holder != null && !(holder.equals("core") && k.equals(Owner.Kind.RULE))) {
                    throw new IllegalArgumentException("owner kind code " + k.code() + " of service " + a.name()
                            + " is held by " + holder);
                }
            }
            java.util.Set<String> fieldNames = new java.util.HashSet<>();
            for (org.dsp.ir.LogicalField f : a.fields()) {
                if (!a.name().equals(f.service())) {
                    throw new IllegalArgumentException("service " + a.name() + " declares field " + f.name() + " of "
                            + (f.service() == null ? "the core" : "service " + f.service()));
                }
                if (!fieldNames.add(f.name())) {
                    throw new IllegalArgumentException("service " + a.name() + " declares field " + f.name() + " twice");
                }
            }
            try {
                p = p.with(a.stages());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("service " + a.name() + " does not fit the pipeline: " + e.getMessage(), e);
            }
        }
        this.apps = Collections.unmodifiableList(sorted);
        this.plan = p;
        this.schema = org.dsp.codec.TenantDocumentCodec.assembleSchema(this); // a section schema that does not fit is refused here
    }

    /** Returns the service that declared owner kind {@code code}, or null (a core kind, or none). */
    public ServiceApp byOwnerKind(int code) {
        return byKind.get(code);
    }

    /** Returns the JSON Schema of documents with these services' sections (a copy the caller may change). */
    public com.fasterxml.jackson.databind.node.ObjectNode schema() {
        return schema.deepCopy();
    }

    /**
     * Returns the validator of {@link #schema()}, compiled once on first use: the codec checks
     * every submitted document the codecs accepted against it
     * ({@link org.dsp.codec.TenantDocumentCodec#read(String)}).
     */
    public org.dsp.jsonschema.SchemaValidator schemaValidator() {
        return schemaValidator("").orElseThrow();
    }

    /**
     * Returns a validator of one part of {@link #schema()}: the subschema at JSON pointer
     * {@code pointer} (e.g. {@code /$defs/firewall.rule}, a firewall rule; a pointer does not
     * follow {@code $ref}s; {@code ""}: the whole schema), with the schema's definitions; empty when the schema has nothing there
     * (the service is not active). For checking one value - a rule the rule API puts - without
     * validating the whole document again.
     */
    public java.util.Optional<org.dsp.jsonschema.SchemaValidator> schemaValidator(String pointer) {
        return partValidators.computeIfAbsent(pointer, p -> {
            if (p.isEmpty()) {
                return java.util.Optional.of(org.dsp.jsonschema.SchemaValidator.compile(schema.toString()));
            }
            com.fasterxml.jackson.databind.JsonNode part = schema.at(p);
            if (part.isMissingNode() || !part.isObject()) {
                return java.util.Optional.empty();
            }
            com.fasterxml.jackson.databind.node.ObjectNode s = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            s.set("$schema", schema.get("$schema"));
            s.set("$defs", schema.get("$defs"));
            s.set("allOf", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add(part));
            return java.util.Optional.of(org.dsp.jsonschema.SchemaValidator.compile(s.toString()));
        });
    }

    /**
     * Returns the set of {@code apps}.
     *
     * @throws IllegalArgumentException when two of them overlap (a name, a section key, a stage or
     *         its slot, an owner kind code), naming both
     */
    public static Services of(Collection<ServiceApp> apps) {
        return new Services(apps);
    }

    /** Returns the empty set: the core alone (endpoints and groups). */
    public static Services none() {
        return new Services(List.of());
    }

    /**
     * Returns the services on the class path ({@link ServiceLoader}: each app's jar lists its
     * {@link ServiceApp} in {@code META-INF/services}); for the CLI and tests. In OSGi the core
     * binds the services the apps register instead.
     */
    public static Services discovered() {
        Services d = discovered;
        if (d == null) {
            List<ServiceApp> found = new ArrayList<>();
            java.util.Iterator<ServiceApp> it = ServiceLoader.load(ServiceApp.class, Services.class.getClassLoader()).iterator();
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    found.add(it.next());
                } catch (java.util.ServiceConfigurationError | LinkageError e) {
                    // a provider this class loader cannot load (in OSGi the apps register themselves instead)
                }
            }
            d = of(found);
            discovered = d;
        }
        return d;
    }

    /** Returns this set with {@code app} added (refused like {@link #of}). */
    public Services with(ServiceApp app) {
        List<ServiceApp> all = new ArrayList<>(apps);
        all.removeIf(a -> a.name().equals(app.name()));
        all.add(app);
        return of(all);
    }

    /** Returns this set without the service named {@code name}. */
    public Services without(String name) {
        List<ServiceApp> all = new ArrayList<>(apps);
        all.removeIf(a -> a.name().equals(name));
        return of(all);
    }

    /** Returns the services, by name. */
    public List<ServiceApp> apps() {
        return apps;
    }

    /** Returns the service named {@code name}, or null. */
    public ServiceApp app(String name) {
        for (ServiceApp a : apps) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }

    /** Returns every section codec, by key. */
    public Map<String, SectionCodec<?>> sections() {
        return Collections.unmodifiableMap(sections);
    }

    /** Returns the codec of section {@code key}, or null. */
    public SectionCodec<?> section(String key) {
        return sections.get(key);
    }

    /** Returns the service owning section {@code key}, or null. */
    public ServiceApp owner(String key) {
        return bySection.get(key);
    }

    /** Returns the stage plan: the core's stages and every service's. */
    public StagePlan plan() {
        return plan;
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        apps.forEach(a -> names.add(a.name()));
        return "Services" + names;
    }
}
