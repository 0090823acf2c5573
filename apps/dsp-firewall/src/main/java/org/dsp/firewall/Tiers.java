package org.dsp.firewall;

import java.util.ArrayList;
import java.util.List;
import org.dsp.ir.Phase;
import org.dsp.ir.Stage;
import org.dsp.model.Direction;
import org.dsp.firewall.model.Tier;

/** The firewall's stages: one per tier and direction, in the policy phases, in tier order. */
public final class Tiers {
    /** The service name the firewall's stages belong to. */
    public static final String SERVICE = "firewall";

    private Tiers() {
    }

    /** Returns the stage holding the rules of {@code tier} in {@code direction}. */
    public static Stage stage(Direction direction, Tier tier) {
        return Stage.of(direction.wireName() + "_" + tier.wireName(), Phase.policy(direction), tier.ordinal(), SERVICE);
    }

    /** Returns the firewall's six stages. */
    public static List<Stage> stages() {
        List<Stage> out = new ArrayList<>();
        for (Direction d : Direction.values()) {
            for (Tier t : Tier.values()) {
                out.add(stage(d, t));
            }
        }
        return out;
    }
}
