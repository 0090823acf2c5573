package org.dsp.app.rest;

import java.util.Map;

/**
 * Writes Prometheus's text exposition format (version 0.0.4): a {@code # HELP} and {@code # TYPE}
 * line per metric family, then its samples with escaped label values.
 */
public final class PrometheusText {
    /** The content type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder();
    private final java.util.Set<String> families = new java.util.HashSet<>();

    /** Starts a family: {@code type} is counter, gauge or histogram. */
    public PrometheusText family(String name, String type, String help) {
        families.add(name);
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** Returns whether a family of that name was started. */
    public boolean has(String name) {
        return families.contains(name);
    }

    /** Adds a sample of the current family (or of a histogram's _bucket/_sum/_count series). */
    public PrometheusText sample(String name, Map<String, String> labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> l : labels.entrySet()) {
                out.append(first ? "" : ",").append(l.getKey()).append("=\"").append(escape(l.getValue())).append('"');
                first = false;
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
        return this;
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
