package org.dsp.overlay.model;

import org.dsp.model.TenantDocument;
import org.dsp.model.WireNamed;

/**
 * The tenant document's {@code encryption} setting as other services need it (docs/encryption.md):
 * whether the tenant's traffic between DSNs must cross the underlay encrypted, and the largest packet
 * its networks then carry.
 */
public final class Encryption {
    /** The document section's key. */
    public static final String KEY = "encryption";
    /**
     * The most an encrypted network's workloads may send: a 1500-byte underlay less WireGuard's 60
     * bytes and VXLAN's 50. A network declared larger is carried at this MTU (the DSN answers a
     * larger packet with "fragmentation needed" / "packet too big" naming it).
     */
    public static final int MAX_MTU = 1390;

    private Encryption() {
    }

    /** Returns whether {@code doc} requires its traffic between DSNs encrypted ({@code "encryption": "required"}). */
    public static boolean required(TenantDocument doc) {
        Object v = doc.sections().get(KEY);
        return v instanceof WireNamed && ((WireNamed) v).wireName().equals("required");
    }

    /** Returns the MTU a network declared with {@code mtu} carries for a tenant that does ({@code encrypted}) or does not require encryption. */
    public static int carried(int mtu, boolean encrypted) {
        return encrypted ? Math.min(mtu, MAX_MTU) : mtu;
    }
}
