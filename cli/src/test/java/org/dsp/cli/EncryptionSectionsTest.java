package org.dsp.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.TenantDocumentCodec;
import org.junit.jupiter.api.Test;

/**
 * A tenant cannot require encryption together with NAT or service chains (docs/encryption.md):
 * their tunnels (to a gateway, to a service function's DSN) use the plain endpoints, so that
 * traffic would cross the underlay in clear - refused at $.encryption, with every app active.
 */
class EncryptionSectionsTest {
    private static void refused(String example, String reason) throws Exception {
        ObjectNode doc = (ObjectNode) new ObjectMapper().readTree(Files.readString(Path.of("../examples/" + example)));
        TenantDocumentCodec.decode(doc); // valid as it is
        doc.put("encryption", "required");
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> TenantDocumentCodec.decode(doc));
        assertTrue(e.errors().stream().anyMatch(v -> v.path().equals("$.encryption") && v.reason().contains(reason)), e.errors().toString());
    }

    @Test
    void encryptionWithNatOrChainsIsRefused() throws Exception {
        refused("nat.json", "'nat' section");
        refused("chain.json", "'chains' section");
    }
}
