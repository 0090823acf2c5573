package org.dsp.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A metric family a service reports of one tenant ({@link ServiceApp#metrics}): its name, type,
 * help text and samples, each with its labels and value. The core exposes it with the runtime's
 * metrics (Prometheus text format at {@code /metrics}), adding the {@code tenant} label itself, so
 * a service never speaks for another tenant; a family must be named {@code dsp_<service>_...}.
 * Immutable; built with {@link #gauge} or {@link #counter} and {@link Builder#sample}.
 */
public final class ServiceMetric {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");

    /** The Prometheus metric types a service may report. */
    public enum Type {
        /** A value that goes up and down (a backend's health). */
        GAUGE,
        /** A value that only grows (packets, probes sent). */
        COUNTER;

        /** Returns the type's name in the text format. */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One sample: labels (in order) and value. */
    public static final class Sample {
        private final Map<String, String> labels;
        private final double value;

        private Sample(Map<String, String> labels, double value) {
            this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
            this.value = value;
        }

        /** Returns the labels, in order (never {@code tenant}: the core adds it). */
        public Map<String, String> labels() {
            return labels;
        }

        /** Returns the value. */
        public double value() {
            return value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Sample && ((Sample) o).labels.equals(labels) && Double.compare(((Sample) o).value, value) == 0;
        }

        @Override
        public int hashCode() {
            return Objects.hash(labels, value);
        }
    }

    private final String name;
    private final Type type;
    private final String help;
    private final List<Sample> samples;

    private ServiceMetric(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.help = b.help;
        this.samples = List.copyOf(b.samples);
    }

    /** Starts a gauge named {@code name} with {@code help}. */
    public static Builder gauge(String name, String help) {
        return new Builder(name, Type.GAUGE, help);
    }

    /** Starts a counter named {@code name} (ending in {@code _total}) with {@code help}. */
    public static Builder counter(String name, String help) {
        if (!name.endsWith("_total")) {
            throw new IllegalArgumentException("a counter's name ends in _total: " + name);
        }
        return new Builder(name, Type.COUNTER, help);
    }

    /** Returns the family's name. */
    public String name() {
        return name;
    }

    /** Returns its type. */
    public Type type() {
        return type;
    }

    /** Returns its help text. */
    public String help() {
        return help;
    }

    /** Returns its samples. */
    public List<Sample> samples() {
        return samples;
    }

    /** Returns whether service {@code service} may report this family: named {@code dsp_<service>_...}. */
    public boolean belongsTo(String service) {
        return name.startsWith("dsp_" + service.replaceAll("[^a-z0-9]", "_") + "_");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ServiceMetric && ((ServiceMetric) o).name.equals(name) && ((ServiceMetric) o).type == type
                && ((ServiceMetric) o).help.equals(help) && ((ServiceMetric) o).samples.equals(samples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, samples);
    }

    @Override
    public String toString() {
        return name + " (" + type.text() + ", " + samples.size() + " samples)";
    }

    /** Builds a {@link ServiceMetric}. */
    public static final class Builder {
        private final String name;
        private final Type type;
        private final String help;
        private final List<Sample> samples = new ArrayList<>();

        private Builder(String name, Type type, String help) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a metric name: " + name);
            }
            this.name = name;
            this.type = type;
            this.help = Objects.requireNonNull(help, "help");
        }

        /**
         * Adds a sample with labels given as name, value pairs ({@code "backend", "web-1:8080"}).
         *
         * @throws IllegalArgumentException for an odd list, a bad or repeated label name, or {@code tenant}
         */
        public Builder sample(double value, String... labels) {
            if (labels.length % 2 != 0) {
                throw new IllegalArgumentException("labels come in name, value pairs");
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < labels.length; i += 2) {
                String n = labels[i];
                if (n == null || !NAME.matcher(n).matches() || n.startsWith("__") || n.equals("tenant")
                        || m.put(n, Objects.requireNonNull(labels[i + 1], n)) != null) {
                    throw new IllegalArgumentException("bad label name " + n + " (the core adds tenant)");
                }
            }
            samples.add(new Sample(m, value));
            return this;
        }

        /** Returns the family. */
        public ServiceMetric build() {
            return new ServiceMetric(this);
        }
    }
}
