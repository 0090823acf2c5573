package org.dsp.semantics;

import org.dsp.model.RuleAction;

/**
 * The outcome of evaluating one direction for one workload: the action, the rule that decided
 * (null for the isolation default or the open default), and the flags of that rule.
 */
public final class DirectionDecision {
    private final RuleAction action;
    private final String rule;
    private final boolean stateful;
    private final boolean persist;

    /** Creates a decision: {@code rule} is the deciding rule (null for a default). */
    public DirectionDecision(RuleAction action, String rule, boolean stateful, boolean persist) {
        this.action = action;
        this.rule = rule;
        this.stateful = stateful;
        this.persist = persist;
    }

    /** Not evaluated: the workload on this side is not one of the tenant's (an external address). */
    static final DirectionDecision NOT_EVALUATED = new DirectionDecision(RuleAction.ALLOW, null, true, true);

    /** Returns ALLOW, DENY or REJECT (PASS never ends an evaluation). */
    public RuleAction action() {
        return action;
    }

    /** Returns whether the direction allows the connection. */
    public boolean allowed() {
        return action == RuleAction.ALLOW;
    }

    /** Returns the deciding rule's name, or null for a default. */
    public String rule() {
        return rule;
    }

    /** Returns whether an allowed connection is committed (replies pass). */
    public boolean stateful() {
        return stateful;
    }

    /** Returns whether an allowed connection outlives policy changes that no longer allow it. */
    public boolean persist() {
        return persist;
    }

    @Override
    public String toString() {
        return action.wireName() + (rule == null ? " (default)" : " by " + rule);
    }
}
