package org.dsp.chain;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chains' walked cases again with every flow back from an instance written as a conjunction of
 * senders and receivers, as a large class's are (the driver's test property
 * {@code dsp.chain.alwaysConjunctive}; a small class's are flows per pair otherwise): the sealed,
 * pinning and external cases - on one DSN an instance still cannot send on what the chain never
 * steered. {@link ChainConjunctiveProperties} runs the random chains so.
 */
class ChainConjunctiveTest {
    static final String ALWAYS = "dsp.chain.alwaysConjunctive";

    @BeforeEach
    void conjunctive() {
        System.setProperty(ALWAYS, "true");
    }

    @AfterEach
    void asUsual() {
        System.clearProperty(ALWAYS);
    }

    @Test
    void theKnobMakesASmallClassConjunctiveBackFromItsInstancesWhichItIsNotOtherwise() throws Exception {
        java.util.function.Predicate<java.util.Map<org.onosproject.net.DeviceId, org.dsp.driver.ovs.DsnProgram>> conj = ps -> ps.values()
                .stream().anyMatch(p -> ChainCompileTest.raw(p, 0).stream().anyMatch(f -> f.contains("conj_id=")));
        org.dsp.model.TenantDocument red = org.dsp.codec.TenantDocumentCodec.decode(ChainCompileTest.red());
        org.junit.jupiter.api.Assertions.assertTrue(conj.test(ChainOracleProperties.compile(red, java.util.Set.of())));
        System.clearProperty(ALWAYS);
        org.junit.jupiter.api.Assertions.assertFalse(conj.test(ChainOracleProperties.compile(red, java.util.Set.of())));
    }

    @Test
    void sealedAndPinnedCases() throws Exception {
        ChainSealedTest sealed = new ChainSealedTest();
        sealed.theRepliesOfAStatelessAllowCrossEncryptedWithNoFunctionAndThroughTheFunctions();
        sealed.aConnectionOpenedBeforeTheEncryptionStepCrossesEncryptedBothWaysOnceItApplies();
        sealed.withoutAnEncryptedEndpointAtTheReceiversDsnNoPacketOfTheClassCrossesEitherWay();
        sealed.icmpBetweenThePairOfAnEncryptedClassCrossesEncryptedTooErrorsQuotingTheClassAmongIt();
        ChainPinningTest pinning = new ChainPinningTest();
        pinning.aConnectionOpenedBeforeTheChainGoesItsUsualWayANewOnePassesTheChain();
        pinning.aConnectionOnOneDsnOpenedBeforeTheChainGoesItsUsualWayBothWays();
        pinning.aVipConnectionOnTheBackendsDsnOpenedBeforeItsChainKeepsItsTranslationAndANewOnePassesTheChain();
        pinning.onOneDsnAnInstanceCannotInjectPacketsOfItsClassOnlyPassOnThoseOfConnectionsTheChainSteered();
        pinning.aStatelessAllowIsSteeredButNeverCommittedSoItsReplyIsJudgedByPolicy();
        ChainExternalTest external = new ChainExternalTest();
        external.theClassPassesItsInstanceThenLeavesTranslatedAndItsReplyComesBackThroughIt();
        external.aHopWithTwoInstancesSpreadsTheClassToTheExternalNetworkAndEachReplyComesBackThroughItsConnectionsInstance();
        external.aClassFromTheExternalNetworkToAPublishedLoadBalancerPassesItsInstanceAtTheChosenBackendAndItsReplyLeavesThroughIt();
    }
}
