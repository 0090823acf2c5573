package org.dsp.chain;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * The chains' reference semantics between endpoints ({@link ChainOracleProperties}) with every
 * flow of a class per pair written as conjunctions of senders and receivers, as a large class's
 * are (the driver's test property {@code dsp.chain.alwaysConjunctive}). Classes to and from the
 * external network have a member on one side only: no flows per pair, nothing to group.
 */
class ChainConjunctiveProperties {
    /** What a property of {@link ChainOracleProperties} checks for one seed. */
    private interface Check {
        void run(ChainOracleProperties p) throws Exception;
    }

    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void randomChainsBetweenEndpoints(@ForAll long seed) throws Exception {
        conjunctive(p -> p.aChainedConnectionPassesOneLiveInstanceOfEachStepInOrderBothWaysAndIsDeliveredIffPolicyAllows(seed));
    }

    /** Firewall tiers split, the tenant's decided late (what it denies passes the functions before it only), with conjunctions. */
    @Property(tries = 80, shrinking = ShrinkingMode.OFF)
    void randomChainsWithALateTierBetweenEndpoints(@ForAll long seed) throws Exception {
        conjunctive(p -> p.whatALateTierDeniesPassesTheLiveFunctionsBeforeItOnly(seed));
    }

    private static void conjunctive(Check check) throws Exception {
        System.setProperty(ChainConjunctiveTest.ALWAYS, "true");
        try {
            check.run(new ChainOracleProperties());
        } finally {
            System.clearProperty(ChainConjunctiveTest.ALWAYS);
        }
    }
}
