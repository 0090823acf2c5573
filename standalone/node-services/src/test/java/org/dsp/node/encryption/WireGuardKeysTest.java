package org.dsp.node.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** WireGuard keys from the JDK's X25519 agree with RFC 7748's test vectors and are clamped as wg genkey's. */
class WireGuardKeysTest {
    private static String b64(String hex) {
        return Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(hex));
    }

    @Test
    void publicKeysAreRfc7748s() {
        // RFC 7748 section 6.1: Alice's and Bob's private and public keys
        assertEquals(b64("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"),
                WireGuardKeys.publicKey(b64("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")));
        assertEquals(b64("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"),
                WireGuardKeys.publicKey(b64("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb")));
    }

    @Test
    void generatedKeysAreClampedAndDistinct() {
        String a = WireGuardKeys.generatePrivate();
        byte[] k = Base64.getDecoder().decode(a);
        assertEquals(32, k.length);
        assertEquals(0, k[0] & 7);
        assertEquals(64, k[31] & 0xc0);
        assertNotEquals(a, WireGuardKeys.generatePrivate());
        assertEquals(44, WireGuardKeys.publicKey(a).length());
    }
}
