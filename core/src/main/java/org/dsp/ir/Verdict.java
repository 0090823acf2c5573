package org.dsp.ir;

import java.util.Objects;
import org.dsp.model.RuleAction;

/** What a policy stage decides for a packet (allow, deny, reject, pass), with the flags that shape how the DSN carries it out. */
public final class Verdict extends LogicalAction {
    private final RuleAction action;
    private final boolean stateful;
    private final boolean persist;
    private final boolean log;

    private Verdict(RuleAction action, boolean stateful, boolean persist, boolean log) {
        this.action = Objects.requireNonNull(action);
        this.stateful = stateful;
        this.persist = persist;
        this.log = log;
    }

    /** Creates a verdict. */
    public static Verdict of(RuleAction action, boolean stateful, boolean persist, boolean log) {
        return new Verdict(action, stateful, persist, log);
    }

    /** Returns the action. */
    public RuleAction action() {
        return action;
    }

    /** Returns whether an allowed connection is committed to conntrack (replies then pass). */
    public boolean stateful() {
        return stateful;
    }

    /** Returns whether the connection outlives a policy change that no longer allows it. */
    public boolean persist() {
        return persist;
    }

    /** Returns whether matching packets are logged. */
    public boolean log() {
        return log;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Verdict)) {
            return false;
        }
        Verdict v = (Verdict) o;
        return v.action == action && v.stateful == stateful && v.persist == persist && v.log == log;
    }

    @Override
    public int hashCode() {
        return Objects.hash(action, stateful, persist, log);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(action.wireName());
        if (action == RuleAction.ALLOW) {
            sb.append(stateful ? "(stateful" : "(stateless").append(persist ? ",persist" : "").append(")");
        }
        if (log) {
            sb.append("+log");
        }
        return sb.toString();
    }
}
