package org.dsp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile input the codec once accepted (hardening issue, finding 4): a key given twice, content
 * after the document, numbers beyond 64 bits, nesting 10,000 deep, and workload addresses that
 * no workload can have. Each is refused with its code and path; none throws anything else.
 */
class StrictInputTest {
    private static ValidationError refused(String json) {
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> TenantDocumentCodec.decode(json));
        return e.errors().get(0);
    }

    private static String example() {
        return org.dsp.testing.Examples.threeTier();
    }

    @Test
    void aKeyTwiceInOneObjectIsRefused() {
        // two tenant objects once flipped default-deny to default-allow (the last won)
        String twice = example().replaceFirst("\\{", "{\"tenant\": {\"id\": \"acme\", \"defaultPosture\": \"default-allow\"},");
        ValidationError v = refused(twice);
        assertEquals("$.tenant", v.path());
        assertEquals(ErrorCode.DUPLICATE_NAME, v.code());
        assertTrue(v.reason().contains("the key 'tenant' appears twice"), v.reason());
        // deeper down: the path of the repeated key
        ValidationError mac = refused(example().replaceFirst("\"mac\": ", "\"mac\": \"02:00:00:00:09:09\", \"mac\": "));
        assertEquals("$.endpoints[0].mac", mac.path(), mac.reason());
        assertEquals(ErrorCode.DUPLICATE_NAME, mac.code());
    }

    @Test
    void contentAfterTheDocumentIsRefused() {
        ValidationError v = refused(example() + " {\"more\": 1}");
        assertEquals(ErrorCode.WRONG_TYPE, v.code());
        assertTrue(v.reason().contains("not valid JSON"), v.reason());
    }

    @Test
    void numbersBeyond64BitsAreOutOfRangeNotWrapped() {
        // 2^64+1 once became port 1, and 2^64+80 tcp/80
        ValidationError att = refused(example().replace("\"port\": 1}", "\"port\": 18446744073709551617}"));
        assertEquals("$.endpoints[0].attachment.port", att.path());
        assertEquals(ErrorCode.BAD_ATTACHMENT, att.code());
        ValidationError rule = refused(example().replace("\"ports\": [5432]}], \"action\": \"allow\"},",
                "\"ports\": [18446744073709551696]}], \"action\": \"allow\"},"));
        assertEquals(ErrorCode.BAD_PORT, rule.code(), rule.toString());
        assertTrue(rule.path().startsWith("$.firewall.tenant[") && rule.path().endsWith(".ports[0]"), rule.path());
    }

    @Test
    void deepNestingIsRefusedBeforeATreeIsBuilt() {
        String deep = "{\"tenant\": {\"id\": \"a\"}, \"x\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        ValidationError v = refused(deep);
        assertEquals(ErrorCode.TOO_MANY, v.code());
        assertTrue(v.reason().contains("deeper than 64 levels"), v.reason());
    }

    @Test
    void addressesNoWorkloadCanHaveAreRefused() {
        for (String bad : List.of("255.255.255.255", "127.0.0.1", "::1", "224.0.0.1", "0.0.0.0")) {
            ValidationError v = refused(example().replace("\"10.0.0.41\"", "\"" + bad + "\""));
            assertEquals(ErrorCode.BAD_ADDRESS, v.code(), bad);
            assertEquals("$.endpoints[3].addresses[0]", v.path(), bad);
        }
        ValidationError mac = refused(example().replace("02:00:00:00:04:01", "ff:ff:ff:ff:ff:ff"));
        assertEquals(ErrorCode.BAD_MAC, mac.code());
    }
}
