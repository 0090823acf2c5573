package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dsp.app.api.RealizationState;
import org.dsp.codec.ErrorCode;
import org.dsp.firewall.Firewall;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.codec.ValidationError;
import org.dsp.model.Attachment;
import org.dsp.model.Endpoint;
import org.dsp.model.EndpointKind;
import org.dsp.model.TenantDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * One tenant never takes another's workload resources: a DSN port, a MAC or an IP address held by
 * another tenant's endpoint is refused at the endpoint's path (RESOURCE_IN_USE), without naming the
 * other tenant, and nothing changes; resources are released when the holder drops the endpoint or
 * is deleted; claims are shared by every cluster member and repaired at start.
 */
class ResourceClaimsTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    static final DeviceId D3 = DeviceId.deviceId("of:0000000000000003");

    private final SharedStorageService storage = new SharedStorageService();
    private final RecordingFlowRules flows = new RecordingFlowRules();
    private DspManager manager;

    @BeforeEach
    void start() throws Exception {
        manager = TestManagers.active(flows, storage);
        manager.apply(TenantDocumentCodec.decode(Files.readString(Path.of("../../examples/three-tier.json"))));
    }

    @AfterEach
    void stop() {
        manager.deactivate();
    }

    /** Tenant mallory with one endpoint. */
    private static TenantDocument mallory(String mac, String ip, int port) {
        return tenant("mallory", mac, ip, port);
    }

    private static TenantDocument tenant(String id, String mac, String ip, int port) {
        return tenant(id, mac, ip, D1, port);
    }

    private static TenantDocument tenant(String id, String mac, String ip, DeviceId dsn, int port) {
        return TenantDocument.builder().tenantId(id)
                .endpoint(Endpoint.builder().name("m-1").kind(EndpointKind.VM).mac(MacAddress.valueOf(mac))
                        .address(IpAddress.valueOf(ip)).attachment(Attachment.of(dsn, PortNumber.portNumber(port))).build())
                .build();
    }

    private List<ValidationError> refused(TenantDocument doc) {
        int batches = flows.batches.size();
        Map<DeviceId, Integer> counts = manager.dsnFlowCounts();
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> manager.apply(doc));
        assertNull(manager.tenant(doc.tenantId()), "nothing stored");
        assertEquals(batches, flows.batches.size(), "nothing sent");
        assertEquals(counts, manager.dsnFlowCounts(), "nothing compiled in");
        for (ValidationError v : e.errors()) {
            assertEquals(ErrorCode.RESOURCE_IN_USE, v.code());
            assertFalse(v.reason().contains("acme"), "the holder is not named: " + v.reason());
        }
        return e.errors();
    }

    @Test
    void anotherTenantsPortIsRefused() {
        // web-1 of acme is on of:...01 port 2
        List<ValidationError> e = refused(mallory("02:00:00:00:99:01", "10.9.9.9", 2));
        assertEquals(1, e.size());
        assertEquals("$.endpoints[0].attachment", e.get(0).path());
        assertEquals("port of:0000000000000001/2 belongs to a workload of another tenant", e.get(0).reason());
    }

    @Test
    void anotherTenantsMacAndAddressAreRefused() {
        // web-1's MAC and address on mallory's own, free port
        List<ValidationError> e = refused(mallory("02:00:00:00:02:01", "10.0.0.21", 7));
        assertEquals(List.of("$.endpoints[0].mac", "$.endpoints[0].addresses[0]"), e.stream().map(ValidationError::path)
                .collect(java.util.stream.Collectors.toList()));
        assertEquals(RealizationState.INSTALLED, manager.status("acme").state(), "the victim is untouched");
    }

    @Test
    void resourcesAreReleasedWhenTheHolderDropsThemOrIsDeleted() throws Exception {
        TenantDocument acme = manager.tenant("acme").document().withVersion(0);
        TenantDocument.Builder fewer = acme.toBuilder().removeEndpoint("web-1");
        for (String rule : List.of("web-in", "web-out", "no-telnet")) {
            Firewall.removeRule(fewer, rule);
        }
        manager.apply(fewer.build());
        // web-1's port, MAC and address are free now
        manager.apply(mallory("02:00:00:00:02:01", "10.0.0.21", 2));
        assertEquals(RealizationState.INSTALLED, manager.status("mallory").state());
        // and acme cannot take them back while mallory holds them
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> manager.apply(acme));
        assertEquals(3, e.errors().size(), e.errors().toString());
        assertTrue(manager.remove("mallory"));
        manager.apply(acme);
        assertEquals(RealizationState.INSTALLED, manager.status("acme").state());
    }

    @Test
    void aSecondClusterMemberSeesTheClaimsAndAStartRepairsThem() {
        DspManager other = TestManagers.active(new RecordingFlowRules(), storage);
        try {
            assertThrows(InvalidDocumentException.class, () -> other.apply(mallory("02:00:00:00:99:01", "10.9.9.9", 2)));
        } finally {
            other.deactivate();
        }
        // a claim of no stored document (a member stopped between claiming and storing) is dropped at start
        new ResourceClaims(storage).claim(tenant("ghost", "02:00:00:00:99:01", "10.9.9.9", 5));
        assertThrows(InvalidDocumentException.class, () -> manager.apply(mallory("02:00:00:00:99:02", "10.9.9.8", 5)));
        DspManager restarted = TestManagers.active(new RecordingFlowRules(), storage);
        try {
            restarted.apply(mallory("02:00:00:00:99:02", "10.9.9.8", 5));
            assertEquals(RealizationState.INSTALLED, restarted.status("mallory").state());
        } finally {
            restarted.deactivate();
        }
    }

    @Test
    void anEndpointWhoseAddressesAServiceScopedClaimsItsPortAndMacButNoAddress() {
        java.util.Set<String> scopedTenants = java.util.Set.of("red", "blue");
        ResourceClaims claims = new ResourceClaims(storage,
                doc -> scopedTenants.contains(doc.tenantId()) ? java.util.Set.of("m-1") : java.util.Set.of(), doc -> java.util.Map.of());
        claims.claim(tenant("red", "02:00:00:00:98:01", "10.9.9.9", 7));
        // blue's private address space holds the same address: no clash
        List<String> blue = claims.claim(tenant("blue", "02:00:00:00:98:02", "10.9.9.9", 8));
        assertEquals(List.of("port " + D1 + "/8", "mac 02:00:00:00:98:02 on " + D1), blue);
        // a flat tenant takes the shared space's address freely, yet not red's port or MAC
        claims.claim(tenant("flat", "02:00:00:00:98:03", "10.9.9.9", 9));
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                () -> claims.claim(tenant("flat2", "02:00:00:00:98:01", "10.9.9.10", 7)));
        assertEquals(2, e.errors().size(), e.errors().toString());
        // and a second flat tenant cannot take the flat one's address
        assertThrows(InvalidDocumentException.class, () -> claims.claim(tenant("flat3", "02:00:00:00:98:04", "10.9.9.9", 10)));
    }

    @Test
    void overlayMembersOfSeparateTenantsMayShareAMacOnDifferentDsnsButNeverOnOne() {
        java.util.Set<String> scopedTenants = java.util.Set.of("red", "blue", "green");
        ResourceClaims claims = new ResourceClaims(storage,
                doc -> scopedTenants.contains(doc.tenantId()) ? java.util.Set.of("m-1") : java.util.Set.of(), doc -> java.util.Map.of());
        claims.claim(tenant("red", "02:00:00:00:96:01", "10.9.9.9", 7));
        // blue's member on another DSN, with red's MAC (and address): separate spaces, accepted
        claims.claim(tenant("blue", "02:00:00:00:96:01", "10.9.9.9", D2, 7));
        // green's member on red's DSN with red's MAC: one DSN cannot tell them apart, refused at the MAC
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                () -> claims.claim(tenant("green", "02:00:00:00:96:01", "10.9.9.9", 8)));
        assertEquals(1, e.errors().size(), e.errors().toString());
        assertEquals("$.endpoints[0].mac", e.errors().get(0).path());
        assertEquals(ErrorCode.RESOURCE_IN_USE, e.errors().get(0).code());
        // a flat workload with that MAC: refused on red's DSN, and on blue's; elsewhere the fabric never sees the members' MAC
        assertThrows(InvalidDocumentException.class, () -> claims.claim(tenant("flat", "02:00:00:00:96:01", "10.9.7.1", 9)));
        assertThrows(InvalidDocumentException.class,
                () -> claims.claim(tenant("flat", "02:00:00:00:96:01", "10.9.7.1", D2, 9)));
        claims.claim(tenant("flat", "02:00:00:00:96:01", "10.9.7.1", D3, 9));
        // and two flat tenants never share a MAC, on any DSNs: refused once, at the MAC
        e = assertThrows(InvalidDocumentException.class,
                () -> claims.claim(tenant("flat2", "02:00:00:00:96:01", "10.9.7.2", 10)));
        assertEquals(1, e.errors().stream().filter(v -> v.path().endsWith(".mac")).count(), e.errors().toString());
    }

    @Test
    void anAddressAServiceSectionHoldsIsClaimedAndRefusedToOthersWithoutNamingTheHolder() {
        // as the NAT app claims its external addresses: red's floating IP, at the section's path
        ResourceClaims claims = new ResourceClaims(storage, doc -> java.util.Set.of(),
                doc -> doc.tenantId().startsWith("nat-") ? java.util.Map.of("address 203.0.113.50", "$.nat.floatingIps[0].address")
                        : java.util.Map.of());
        List<String> red = claims.claim(tenant("nat-red", "02:00:00:00:97:01", "10.9.8.1", 17));
        assertTrue(red.contains("address 203.0.113.50"), red.toString());
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class,
                () -> claims.claim(tenant("nat-blue", "02:00:00:00:97:02", "10.9.8.2", 18)));
        assertEquals(1, e.errors().size(), e.errors().toString());
        assertEquals("$.nat.floatingIps[0].address", e.errors().get(0).path());
        assertEquals("address 203.0.113.50 is held by another tenant", e.errors().get(0).reason());
        // a flat workload cannot take it either, and red gives it back when its document no longer holds it
        assertThrows(InvalidDocumentException.class, () -> claims.claim(tenant("flat", "02:00:00:00:97:03", "203.0.113.50", 19)));
        claims.changed("nat-red", tenant("nat-red", "02:00:00:00:97:01", "10.9.8.1", 17), null);
        claims.claim(tenant("flat", "02:00:00:00:97:03", "203.0.113.50", 19));
    }
}
