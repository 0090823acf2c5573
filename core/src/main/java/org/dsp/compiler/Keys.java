package org.dsp.compiler;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stable numeric keys derived from names: a tenant's 16-bit key (its conntrack zone, in its flows'
 * cookies) and an owner's 26-bit key (a rule's conjunction id; the low bits of its cookies).
 * Keys are hashes, so they do not move when other rules are added or removed; collisions are
 * resolved by probing in name order.
 */
public final class Keys {
    private Keys() {
    }

    /** Returns the 32-bit FNV-1a hash of a string's UTF-8 bytes. */
    public static int fnv1a(String s) {
        int h = 0x811c9dc5;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        return h;
    }

    /** Returns the default 16-bit key of a tenant: its hash folded to 1..65535. */
    public static int tenantKey(String tenantId) {
        int h = fnv1a(tenantId);
        int k = (h ^ (h >>> 16)) & 0xffff;
        return k == 0 ? 1 : k;
    }

    /**
     * Returns distinct 16-bit keys for tenants compiled together: each its default key, probing
     * upwards in tenant-id order where two collide. (The node's store allocates keys durably.)
     */
    public static Map<String, Integer> tenantKeys(Collection<String> tenantIds) {
        Map<String, Integer> out = new HashMap<>();
        Set<Integer> used = new HashSet<>();
        for (String id : new TreeSet<>(tenantIds)) {
            int k = tenantKey(id);
            while (!used.add(k)) {
                k = k == 0xffff ? 1 : k + 1;
            }
            out.put(id, k);
        }
        return out;
    }

    /** The mask of an owner key: 26 bits. */
    public static final int OWNER_KEY_MASK = (1 << 26) - 1;

    /** Returns distinct non-zero 26-bit keys for the given rule names of one tenant. */
    public static Map<String, Integer> ruleKeys(String tenantId, Collection<String> names) {
        return ownerKeys(tenantId + "/", names);
    }

    /**
     * Returns distinct non-zero 26-bit keys for the names of one kind of owner of one tenant, each
     * the hash of {@code prefix + name}, probing upwards in name order where two collide.
     */
    public static Map<String, Integer> ownerKeys(String prefix, Collection<String> names) {
        Map<String, Integer> out = new HashMap<>();
        Set<Integer> used = new HashSet<>();
        for (String name : new TreeSet<>(names)) {
            int k = fnv1a(prefix + name) & OWNER_KEY_MASK;
            while (k == 0 || !used.add(k)) {
                k = (k + 1) & OWNER_KEY_MASK;
            }
            out.put(name, k);
        }
        return out;
    }

    /** Returns the 26-bit key of one owner name (no probing: for owners whose names are unique by construction). */
    public static int ownerKey(String prefix, String name) {
        int k = fnv1a(prefix + name) & OWNER_KEY_MASK;
        return k == 0 ? 1 : k;
    }
}
