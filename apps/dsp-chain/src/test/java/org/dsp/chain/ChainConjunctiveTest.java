package org.dsp.chain;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chains' walked cases again with every flow back from an instance written as a conjunction of
 * senders and receivers, as a large class's are (the driver's test property
 * {@code dsp.chain.alwaysConjunctive}; a small class's are flows per pair otherwise): the sealed and
 * pinning cases - on one DSN an instance still cannot send on what the chain never steered. {@link
 * ChainConjunctiveProperties} runs the random chains so.
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
    void twoClassesWhoseFlowsShareAPacketStayFlowsPerPair() throws Exception {
        // red in clear with two encrypted classes web-1 -> db-1 through the IDS: tcp/5432, and ICMP. The first's ICMP between the
        // pair (straight through the encrypted tunnels) and the second's own catch-all have one match: as conjunctions both
        // would complete for one packet, so the steering stays a flow per pair (the first stays, as it always did)
        com.fasterxml.jackson.databind.node.ObjectNode doc = ChainCompileTest.red();
        doc.set("chains", ChainPinningTest.M.readTree("[{\"name\":\"t\",\"from\":[{\"endpoint\":\"red-web-1\"}],\"to\":[{\"endpoint\":"
                + "\"red-db-1\"}],\"protocol\":\"tcp\",\"ports\":[5432],\"steps\":[{\"service\":\"encryption\"},{\"function\":\"ids\","
                + "\"instances\":[\"red-ids-2\"]}]},{\"name\":\"i\",\"from\":[{\"endpoint\":\"red-web-1\"}],\"to\":[{\"endpoint\":"
                + "\"red-db-1\"}],\"protocol\":\"icmp\",\"steps\":[{\"service\":\"encryption\"},{\"function\":\"ids\","
                + "\"instances\":[\"red-ids-2\"]}]}]"));
        org.dsp.model.TenantDocument both = org.dsp.codec.TenantDocumentCodec.decode(doc);
        java.util.function.Function<org.dsp.model.TenantDocument, Boolean> steeredByConjunctions = d -> ChainCompileTest.raw(
                ChainOracleProperties.compile(d, java.util.Set.of(), ChainOracleProperties.inventory(true)).get(ChainOracleProperties.D1), 38)
                .stream().anyMatch(f -> f.contains("conj_id="));
        org.junit.jupiter.api.Assertions.assertFalse(steeredByConjunctions.apply(both));
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("chains")).remove(1);
        org.junit.jupiter.api.Assertions.assertTrue(steeredByConjunctions.apply(org.dsp.codec.TenantDocumentCodec.decode(doc)),
                "one of them alone: conjunctions");
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
    }
}
