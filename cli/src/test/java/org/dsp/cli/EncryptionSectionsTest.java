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
 * A tenant cannot require encryption together with NAT (docs/encryption.md): the tunnels to a
 * gateway use the plain endpoints, so that traffic would cross the underlay in clear - refused at
 * $.encryption, with every app active. Service chains can: their tunnels are the encrypted ones.
 */
class EncryptionSectionsTest {
    private static ObjectNode required(String example) throws Exception {
        ObjectNode doc = (ObjectNode) new ObjectMapper().readTree(Files.readString(Path.of("../examples/" + example)));
        TenantDocumentCodec.decode(doc); // valid as it is
        return doc.put("encryption", "required");
    }

    @Test
    void encryptionWithNatIsRefused() throws Exception {
        ObjectNode doc = required("nat.json");
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> TenantDocumentCodec.decode(doc));
        assertTrue(e.errors().stream().anyMatch(v -> v.path().equals("$.encryption") && v.reason().contains("'nat' section")), e.errors().toString());
    }

    @Test
    void encryptionWithChainsIsAccepted() throws Exception {
        TenantDocumentCodec.decode(required("chain.json"));
    }
}
