package org.dsp.app.api;

import java.util.List;
import java.util.Objects;

/**
 * One flow DSP programs on a DSN, as the DSN's driver describes it: table, priority, cookie, the
 * driver's own text for it (for the OVS driver, an ovs-ofctl line), and the owners (rules,
 * endpoints, services) it comes from. Driver-neutral: it carries no driver type.
 */
public final class ProgrammedFlow {
    private final int table;
    private final int priority;
    private final long cookie;
    private final String text;
    private final List<String> owners;

    /** Creates a flow description. */
    public ProgrammedFlow(int table, int priority, long cookie, String text, List<String> owners) {
        this.table = table;
        this.priority = priority;
        this.cookie = cookie;
        this.text = Objects.requireNonNull(text);
        this.owners = List.copyOf(owners);
    }

    /** Returns the table number. */
    public int table() {
        return table;
    }

    /** Returns the priority. */
    public int priority() {
        return priority;
    }

    /** Returns the cookie (app id | tenant key | owner kind | owner key). */
    public long cookie() {
        return cookie;
    }

    /** Returns the driver's text for the flow (e.g. an ovs-ofctl line). */
    public String text() {
        return text;
    }

    /** Returns the owners of the flow, e.g. "acme/rule/web-in". */
    public List<String> owners() {
        return owners;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProgrammedFlow && ((ProgrammedFlow) o).text.equals(text) && ((ProgrammedFlow) o).owners.equals(owners);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
