package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dsp.app.api.Identity;
import org.dsp.app.api.RealizationState;
import org.dsp.app.api.TenantStatus;
import org.dsp.app.api.UnreadableTenantException;
import org.dsp.app.rest.TenantList;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.model.TenantDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Documents already in the store when the core starts that today's rules refuse - stored by an
 * earlier release before a check was added (a broadcast MAC), or bigger than today's limits -
 * never stop the core, the tenant list or the tenant's own repair: the tenant is FAILED with the
 * reason, its document reads back exactly as stored, and it can be replaced or deleted.
 */
class StoredDocumentsTest {
    private final RecordingFlowRules flows = new RecordingFlowRules();
    private final SharedStorageService storage = new SharedStorageService();
    private DspManager manager;

    @AfterEach
    void tearDown() {
        if (manager != null) {
            manager.deactivate();
        }
        System.clearProperty(DocumentLimits.ENDPOINTS);
    }

    private TenantStatus awaitState(String tenant, RealizationState state) throws InterruptedException {
        TenantStatus st = TestManagers.awaitStatus(manager, tenant, x -> x.state() == state);
        assertTrue(st != null && st.state() == state, tenant + ": " + (st == null ? null : st.state() + " " + st.failure()));
        return st;
    }

    private static String example(String file) throws Exception {
        return Files.readString(Path.of("../../examples/" + file));
    }

    /**
     * The store's decoded documents belong to the services that decoded them: right after a service
     * app goes away - before the queued clear of the cache runs - a read decodes the document again
     * with today's services (its section raw), so writing it back works. A review found the cached
     * record returned then, whose firewall section no codec of the new services writes: a rule PUT in
     * that window answered 500 (TenantRulesResourceTest, once, in a loaded full build).
     */
    @Test
    void aDocumentReadAfterAServiceWentAwayIsDecodedWithTodaysServices() throws Exception {
        org.dsp.spi.Services[] now = {org.dsp.spi.Services.discovered()};
        TenantStore store = new TenantStore(new SharedStorageService(), () -> TenantDocumentCodec.with(now[0]));
        TenantDocument acme = TenantDocumentCodec.decode(example("three-tier.json"));
        store.put(acme);
        now[0] = now[0].without("firewall"); // no store.servicesChanged() yet: the manager queues it
        TenantDocument read = store.get("acme").document();
        JsonNode written = TenantDocumentCodec.with(now[0]).write(read);
        assertEquals(TenantDocumentCodec.with(org.dsp.spi.Services.discovered()).write(acme).get("firewall"), written.get("firewall"),
                "the firewall section kept as stored, raw");
        assertNull(read.section("firewall", org.dsp.firewall.model.FirewallSection.class), "raw: no active service read it");
        now[0] = org.dsp.spi.Services.discovered(); // and back: read as the firewall's section again
        assertEquals(acme.sections().get("firewall"), store.get("acme").document().sections().get("firewall"));
    }

    @Test
    void aStoredDocumentTodaysChecksRefuseIsFailedReadableAsStoredAndRepairable() throws Exception {
        String acme = example("three-tier.json").replace("02:00:00:00:01:01", "ff:ff:ff:ff:ff:ff");
        assertThrows(InvalidDocumentException.class, () -> TenantDocumentCodec.decode(acme), "today's checks refuse it");
        TestManagers.storeRaw(storage, "acme", acme);
        TestManagers.storeRaw(storage, "globex", example("globex.json"));

        manager = TestManagers.active(flows, storage); // used to throw from activate: the node did not start
        TenantStatus st = awaitState("acme", RealizationState.FAILED);
        assertTrue(st.failure().contains("cannot be read") && st.failure().contains("$.endpoints[0].mac"), st.failure());
        awaitState("globex", RealizationState.INSTALLED);
        assertTrue(flows.rendered().stream().noneMatch(f -> f.contains("02:00:00:00:02:01")), "nothing of acme was sent");

        UnreadableTenantException e = assertThrows(UnreadableTenantException.class, () -> manager.tenant("acme"));
        assertEquals(acme, e.stored(), "kept exactly as stored");
        JsonNode list = TenantList.of(manager, Identity.platformAdmin("admin"));
        assertEquals(2, list.get("tenants").size(), list.toString());
        assertEquals("FAILED", list.get("tenants").get(0).get("state").asText(), list.toString());

        // a corrected document over the stored version replaces it
        TenantDocument fixed = TenantDocumentCodec.decode(example("three-tier.json")).withVersion(e.version());
        assertTrue(manager.apply(fixed).version() > e.version());
        awaitState("acme", RealizationState.INSTALLED);
        assertTrue(flows.rendered().stream().anyMatch(f -> f.contains("02:00:00:00:02:01")), "acme is realized now");
    }

    @Test
    void aStoredDocumentThatCannotBeReadCanBeDeletedAndReleasesWhatItHeld() throws Exception {
        manager = TestManagers.active(flows, storage);
        manager.apply(TenantDocumentCodec.decode(example("three-tier.json")));
        manager.deactivate();
        // an earlier release stored this; today it does not read (not even JSON any more, say a damaged record)
        TestManagers.storeRaw(storage, "acme", "{\"tenant\": ");
        manager = TestManagers.active(flows, storage);
        TenantStatus st = awaitState("acme", RealizationState.FAILED);
        assertTrue(st.failure().contains("cannot be read"), st.failure());
        // it keeps its workloads' resources while it is stored: another tenant cannot take its port
        String thief = example("globex.json").replace("\"port\": 5", "\"port\": 1");
        InvalidDocumentException refused = assertThrows(InvalidDocumentException.class,
                () -> manager.apply(TenantDocumentCodec.decode(thief)));
        assertEquals(ErrorCode.RESOURCE_IN_USE, refused.errors().get(0).code(), refused.errors().toString());

        assertTrue(manager.remove("acme"), "deleted");
        assertNull(manager.status("acme"));
        assertFalse(manager.tenants().contains("acme"));
        assertTrue(manager.apply(TenantDocumentCodec.decode(thief)).version() > 0, "its port is free again");
    }

    @Test
    void aStoredDocumentOverTodaysLimitsIsFailedNamingTheLimit() throws Exception {
        TestManagers.storeRaw(storage, "acme", example("three-tier.json"));
        System.setProperty(DocumentLimits.ENDPOINTS, "3");
        manager = TestManagers.active(flows, storage);
        TenantStatus st = awaitState("acme", RealizationState.FAILED);
        assertTrue(st.failure().contains(DocumentLimits.ENDPOINTS), st.failure());
        assertEquals(0, flows.rendered().stream().filter(f -> f.contains("02:00:00:00:02:01")).count());
        assertTrue(TenantDocumentCodec.decode(example("three-tier.json")).endpoints().size() > 3);
        assertTrue(manager.remove("acme"));
    }
}
