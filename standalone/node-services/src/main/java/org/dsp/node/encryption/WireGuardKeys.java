package org.dsp.node.encryption;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Base64;
import javax.crypto.KeyAgreement;

/**
 * WireGuard key pairs (Curve25519, as {@code wg genkey} / {@code wg pubkey} make them) from the
 * JDK's own X25519: a private key is 32 random bytes, clamped; its public key is X25519 of it and
 * the base point. Both travel as standard Base64, as WireGuard's tools write them.
 */
public final class WireGuardKeys {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] BASE_POINT = new byte[32];

    static {
        BASE_POINT[0] = 9;
    }

    private WireGuardKeys() {
    }

    /** A new private key (Base64), clamped as {@code wg genkey} does. */
    public static String generatePrivate() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        k[0] &= (byte) 248;
        k[31] &= 127;
        k[31] |= 64;
        return Base64.getEncoder().encodeToString(k);
    }

    /** The public key (Base64) of a private key (Base64), as {@code wg pubkey} computes it. */
    public static String publicKey(String privateKey) {
        byte[] k = Base64.getDecoder().decode(privateKey);
        if (k.length != 32) {
            throw new IllegalArgumentException("a WireGuard private key is 32 bytes, not " + k.length);
        }
        try {
            KeyFactory f = KeyFactory.getInstance("XDH");
            PrivateKey priv = f.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, k));
            PublicKey base = f.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, littleEndian(BASE_POINT)));
            KeyAgreement a = KeyAgreement.getInstance("X25519");
            a.init(priv);
            a.doPhase(base, true);
            return Base64.getEncoder().encodeToString(a.generateSecret());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is not available in this JVM", e);
        }
    }

    private static BigInteger littleEndian(byte[] b) {
        byte[] be = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            be[i] = b[b.length - 1 - i];
        }
        return new BigInteger(1, be);
    }
}
