package org.dsp.chain;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.ShrinkingMode;

/**
 * The chains' reference semantics ({@link ChainOracleProperties}, {@link ChainExternalOracleProperties})
 * with every flow back from an instance written as a conjunction of senders and receivers, as a
 * large class's are (the driver's test property {@code dsp.chain.alwaysConjunctive}).
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

    @Property(tries = 100, shrinking = ShrinkingMode.OFF)
    void randomChainsToAndFromTheExternalNetwork(@ForAll long seed) throws Exception {
        System.setProperty(ChainConjunctiveTest.ALWAYS, "true");
        try {
            ChainExternalOracleProperties p = new ChainExternalOracleProperties();
            p.aClassToTheExternalNetworkLeavesTranslatedThroughOneLiveInstanceOfEachStepAndItsReplyComesBackThroughThem(seed);
            p.aClassFromTheExternalNetworkReachesItsWorkloadThroughOneLiveInstanceOfEachStepAndItsReplyLeavesThroughThem(seed);
        } finally {
            System.clearProperty(ChainConjunctiveTest.ALWAYS);
        }
    }
}
