package org.dsp.app.api;

/**
 * One record of the audit log: a change accepted or refused, a login, a change of users or
 * tokens, or a security event. Immutable.
 */
public final class AuditEntry {
    private final long seq;
    private final long time;
    private final String actor;
    private final String from;
    private final String kind;
    private final String tenant;
    private final long version;
    private final String summary;
    private final String result;

    /**
     * An entry.
     *
     * @param seq     position in the log (1, 2, ...; assigned when recorded)
     * @param time    when it was recorded (ms since the epoch; assigned when recorded)
     * @param actor   who: a user name, {@code -} when unauthenticated, {@code node} for the node itself
     * @param from    where from: the client's address, or {@code -}
     * @param kind    what: {@code tenant.apply}, {@code tenant.delete}, {@code login}, {@code user.put},
     *                {@code security.switch-identity-conflict}, ...
     * @param tenant  the tenant concerned, or null
     * @param version the tenant version it produced or was refused against, or 0
     * @param summary what changed (a short summary of the diff) or the detail of the event
     * @param result  {@code accepted}, or {@code refused: <why>}
     */
    public AuditEntry(long seq, long time, String actor, String from, String kind, String tenant, long version,
                      String summary, String result) {
        this.seq = seq;
        this.time = time;
        this.actor = actor;
        this.from = from;
        this.kind = kind;
        this.tenant = tenant;
        this.version = version;
        this.summary = summary;
        this.result = result;
    }

    /** An entry to record: sequence and time are assigned by the log. */
    public static AuditEntry of(String actor, String from, String kind, String tenant, long version, String summary,
                                String result) {
        return new AuditEntry(0, 0, actor, from, kind, tenant, version, summary, result);
    }

    /** Returns the position in the log. */
    public long seq() {
        return seq;
    }

    /** Returns when it was recorded (ms since the epoch). */
    public long time() {
        return time;
    }

    /** Returns who acted. */
    public String actor() {
        return actor;
    }

    /** Returns the client's address, or {@code -}. */
    public String from() {
        return from;
    }

    /** Returns what happened. */
    public String kind() {
        return kind;
    }

    /** Returns the tenant concerned, or null. */
    public String tenant() {
        return tenant;
    }

    /** Returns the tenant version concerned, or 0. */
    public long version() {
        return version;
    }

    /** Returns the summary of the change or the event's detail. */
    public String summary() {
        return summary;
    }

    /** Returns {@code accepted} or {@code refused: <why>}. */
    public String result() {
        return result;
    }

    /** Whether its result is {@code accepted}. */
    public boolean accepted() {
        return "accepted".equals(result);
    }

    @Override
    public String toString() {
        return "#" + seq + " " + actor + "@" + from + " " + kind + " " + tenant + " v" + version + " " + result + ": " + summary;
    }
}
