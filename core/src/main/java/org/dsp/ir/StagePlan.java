package org.dsp.ir;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.dsp.model.Direction;

/**
 * The stages a pipeline knows, in packet order: the core's plus those the services declared.
 * Refuses two stages with one name or one (phase, slot). Pure and immutable; {@link #with}
 * returns a new plan.
 */
public final class StagePlan {
    private final List<Stage> stages;
    private final Map<String, Stage> byName = new HashMap<>();

    /** Per phase and per direction, computed once: step 2 asks for them on every rule flow. */
    private final Map<Phase, List<Stage>> byPhase = new java.util.EnumMap<>(Phase.class);
    private final Map<Direction, List<Stage>> chains = new java.util.EnumMap<>(Direction.class);

    private StagePlan(Collection<Stage> stages) {
        TreeSet<Stage> sorted = new TreeSet<>(stages);
        Map<String, Stage> slots = new HashMap<>();
        for (Stage s : sorted) {
            Stage other = byName.put(s.name(), s);
            if (other != null && other != s) {
                throw new IllegalArgumentException("stage " + s.name() + " is declared by " + other.service() + " and " + s.service());
            }
            Stage taken = slots.put(s.phase() + "/" + s.slot(), s);
            if (taken != null) {
                throw new IllegalArgumentException("stage " + s.name() + " of " + s.service() + " wants slot " + s.slot() + " of "
                        + s.phase() + ", which stage " + taken.name() + " of " + taken.service() + " holds");
            }
        }
        this.stages = Collections.unmodifiableList(new ArrayList<>(sorted));
        for (Phase p : Phase.values()) {
            byPhase.put(p, List.of());
        }
        for (Stage s : this.stages) {
            List<Stage> l = new ArrayList<>(byPhase.get(s.phase()));
            l.add(s);
            byPhase.put(s.phase(), Collections.unmodifiableList(l));
        }
        for (Direction d : Direction.values()) {
            List<Stage> c = new ArrayList<>(byPhase.get(Phase.policy(d)));
            c.addAll(byPhase.get(Phase.defaults(d)));
            chains.put(d, Collections.unmodifiableList(c));
        }
    }

    /** The core's own stages only. */
    public static StagePlan core() {
        return new StagePlan(List.of(Stage.ENDPOINT, Stage.EGRESS_ISOLATION, Stage.INGRESS_ISOLATION));
    }

    /** Returns this plan with {@code more} stages added (those already known are kept as they are). */
    public StagePlan with(Collection<Stage> more) {
        List<Stage> all = new ArrayList<>(stages);
        for (Stage s : more) {
            Stage known = byName.get(s.name());
            if (known == null) {
                all.add(s);
            } else if (known.phase() != s.phase() || known.slot() != s.slot() || !known.service().equals(s.service())) {
                throw new IllegalArgumentException("stage " + s.name() + " is declared twice, differently: "
                        + known.service() + " " + known.phase() + "/" + known.slot() + " and " + s.service() + " " + s.phase() + "/" + s.slot());
            }
        }
        return new StagePlan(all);
    }

    /** Returns every stage, in packet order. */
    public List<Stage> stages() {
        return stages;
    }

    /** Returns the stage named {@code name}, or null. */
    public Stage stage(String name) {
        return byName.get(name);
    }

    /** Returns whether the plan knows {@code s}. */
    public boolean contains(Stage s) {
        return byName.containsKey(s.name());
    }

    /** Returns the stages of one phase, in slot order. */
    public List<Stage> stages(Phase p) {
        return byPhase.get(p);
    }

    /**
     * Returns the stages a direction's policy walks: the policy phase's stages in order, then the
     * default phase's (never empty: the core's isolation stage is always there).
     */
    public List<Stage> chain(Direction d) {
        return chains.get(d);
    }

    /** Returns the stage after {@code s} in its direction's chain, or null after the last. */
    public Stage next(Stage s) {
        List<Stage> chain = chain(s.direction());
        int i = chain.indexOf(s);
        if (i < 0) {
            throw new IllegalArgumentException("stage " + s + " is in no policy chain of this plan");
        }
        return i + 1 < chain.size() ? chain.get(i + 1) : null;
    }

    /** Returns the first stage of a direction's chain. */
    public Stage entry(Direction d) {
        return chain(d).get(0);
    }
}
