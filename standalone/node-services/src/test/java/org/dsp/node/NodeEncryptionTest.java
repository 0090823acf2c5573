package org.dsp.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.dsp.node.encryption.WireGuardKeys;
import org.dsp.node.store.NodeStorageService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onlab.packet.Ip4Prefix;
import org.onosproject.net.DeviceId;

/**
 * The node's encryption keys: a DSN whose server names a WireGuard endpoint gets a key pair, a
 * secure address from the pool and every other such DSN as a peer; a rotation changes its key
 * (and what its peers are told) and nothing else; a withdrawn DSN gets no key and is nobody's
 * peer until admitted again with a new key; keys survive a restart of the node.
 */
class NodeEncryptionTest {
    static final DeviceId D1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId D2 = DeviceId.deviceId("of:0000000000000002");
    static final DeviceId D3 = DeviceId.deviceId("of:0000000000000003");

    @TempDir
    Path dir;

    @Test
    void anEndpointIsAHostAddressWithAPrefixOutsideThePool() throws Exception {
        try (NodeStorageService store = new NodeStorageService(dir.resolve("e.db").toFile())) {
            NodeEncryption keys = new NodeEncryption(store, Ip4Prefix.valueOf("10.254.0.0/16"));
            assertEquals(null, keys.invalid("192.168.100.101/24"));
            assertTrue(keys.invalid("10.0.0.5/8").contains("overlaps the secure pool"), "the namespace would route the pool there");
            assertTrue(keys.invalid("10.254.3.1/24").contains("overlaps"));
            assertTrue(keys.invalid("999.1.1.1/24").contains("ADDRESS/PREFIX"));
            assertTrue(keys.invalid("192.168.1.1/0").contains("8 to 32"));
            assertTrue(keys.invalid("192.168.1.1").contains("ADDRESS/PREFIX"));
            java.util.List<DeviceId> withdrawn = new java.util.ArrayList<>();
            keys.onWithdraw(withdrawn::add);
            keys.desired(D1, "192.168.100.101/24");
            keys.withdraw(D1);
            assertEquals(java.util.List.of(D1), withdrawn, "the annotations go at once, whatever the DSN's server does");
        }
    }

    @Test
    void keysAddressesPeersRotationWithdrawalAndRestart() throws Exception {
        AtomicInteger changes = new AtomicInteger();
        Map<String, String> one;
        String d2Key;
        try (NodeStorageService store = new NodeStorageService(dir.resolve("store.db").toFile())) {
            NodeEncryption keys = new NodeEncryption(store, Ip4Prefix.valueOf("10.254.0.0/16"));
            keys.onChange(changes::incrementAndGet);
            assertEquals(Map.of(), keys.desired(D3, null), "no endpoint: no keys");
            one = keys.desired(D1, "192.168.100.101/24");
            Map<String, String> two = keys.desired(D2, "192.168.100.102/24");
            one = keys.desired(D1, "192.168.100.101/24"); // D2 is its peer now
            assertEquals("10.254.0.1", one.get(NodeEncryption.ADDRESS_KEY));
            assertEquals("10.254.0.2", two.get(NodeEncryption.ADDRESS_KEY));
            assertEquals("10.254.0.0/16", one.get(NodeEncryption.POOL_KEY));
            String pub2 = WireGuardKeys.publicKey(two.get(NodeEncryption.KEY_KEY));
            assertEquals(pub2 + ",192.168.100.102:51820,10.254.0.2/32", one.get(NodeEncryption.PEERS_KEY));
            assertTrue(changes.get() >= 2, "every server is looked at again when a DSN gets keys");

            assertEquals(2, keys.rotate(D2));
            Map<String, String> rotated = keys.desired(D2, "192.168.100.102/24");
            assertNotEquals(two.get(NodeEncryption.KEY_KEY), rotated.get(NodeEncryption.KEY_KEY));
            assertEquals("10.254.0.2", rotated.get(NodeEncryption.ADDRESS_KEY), "the address stays");
            String newPub = WireGuardKeys.publicKey(rotated.get(NodeEncryption.KEY_KEY));
            assertTrue(keys.desired(D1, "192.168.100.101/24").get(NodeEncryption.PEERS_KEY).startsWith(newPub + ","),
                    "its peers learn the new key");

            assertTrue(keys.withdraw(D2));
            assertFalse(keys.withdraw(D2), "once");
            assertEquals(Map.of(), keys.desired(D2, "192.168.100.102/24"), "no key for a withdrawn DSN");
            assertEquals("", keys.desired(D1, "192.168.100.101/24").get(NodeEncryption.PEERS_KEY), "nobody's peer");
            assertEquals(-1, keys.rotate(D2), "a withdrawn DSN is not rotated");
            assertEquals("WITHDRAWN", keys.describe(d -> "READY").get(1).get("state"));
            assertTrue(keys.admit(D2));
            d2Key = keys.desired(D2, "192.168.100.102/24").get(NodeEncryption.KEY_KEY);
            assertNotEquals(rotated.get(NodeEncryption.KEY_KEY), d2Key, "admitted with a new key");
            assertFalse(keys.describe(d -> "READY").toString().contains(d2Key), "never a private key");
        }
        try (NodeStorageService store = new NodeStorageService(dir.resolve("store.db").toFile())) {
            NodeEncryption keys = new NodeEncryption(store, Ip4Prefix.valueOf("10.254.0.0/16"));
            Map<String, String> after = keys.desired(D1, "192.168.100.101/24");
            assertEquals(one.get(NodeEncryption.KEY_KEY), after.get(NodeEncryption.KEY_KEY), "the same key after a restart");
            assertTrue(after.get(NodeEncryption.PEERS_KEY).startsWith(WireGuardKeys.publicKey(d2Key) + ",192.168.100.102:51820,"),
                    "and its peers before the others' servers reconnect: " + after);
            assertEquals(d2Key, keys.desired(D2, "192.168.100.102/24").get(NodeEncryption.KEY_KEY));
            assertEquals("10.254.0.3", keys.desired(D3, "192.168.100.103/24").get(NodeEncryption.ADDRESS_KEY), "the next free address");
        }
    }
}
