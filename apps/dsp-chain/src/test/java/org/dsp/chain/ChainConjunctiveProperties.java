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
    @Property(tries = 150, shrinking = ShrinkingMode.OFF)
    void randomChainsBetweenEndpoints(@ForAll long seed) throws Exception {
        System.setProperty(ChainConjunctiveTest.ALWAYS, "true");
        try {
            new ChainOracleProperties().aChainedConnectionPassesOneLiveInstanceOfEachStepInOrderBothWaysAndIsDeliveredIffPolicyAllows(seed);
        } finally {
            System.clearProperty(ChainConjunctiveTest.ALWAYS);
        }
    }

    /** Firewall tiers split, the tenant's decided late (what it denies passes the first function only), with conjunctions. */
    @Property(tries = 80, shrinking = ShrinkingMode.OFF)
    void randomChainsWithALateTierBetweenEndpoints(@ForAll long seed) throws Exception {
        System.setProperty(ChainConjunctiveTest.ALWAYS, "true");
        try {
            new ChainOracleProperties().whatALateTierDeniesPassesTheLiveFunctionsBeforeItOnly(seed);
        } finally {
            System.clearProperty(ChainConjunctiveTest.ALWAYS);
        }
    }
}
