package org.dsp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.dsp.firewall.model.Tier;
import org.dsp.model.Direction;
import org.dsp.model.EndpointKind;
import org.dsp.model.Kinds;
import org.dsp.model.Protocol;
import org.dsp.model.RuleAction;
import org.dsp.model.WireNamed;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;

/**
 * The codec's fast paths give exactly what the slow ones they replaced gave: prefixes written as
 * {@link IpPrefix#toString} writes them, wire names parsed as a scan of the constants finds them, names
 * checked as the {@link Problems#NAME} pattern checks them,
 * and addresses and prefixes refused or accepted as before.
 */
class FieldTextTest {
    @Property(tries = 2000)
    void ip4PrefixesAreWrittenAsToStringWritesThem(@ForAll int address, @ForAll @IntRange(min = 0, max = 32) int length) {
        IpPrefix p = IpPrefix.valueOf(IpAddress.valueOf(address), length);
        assertEquals(p.toString(), DocumentWriter.text(p));
    }

    @Property(tries = 2000)
    void ip4AddressesAreWrittenAsToStringWritesThem(@ForAll int address) {
        IpAddress a = IpAddress.valueOf(address);
        assertEquals(a.toString(), DocumentWriter.text(a));
    }

    @Property(tries = 3000)
    void namesAreCheckedAsTheNamePatternChecksThem(@ForAll("nameLike") String s) {
        assertEquals(Problems.NAME.matcher(s).matches(), Problems.isName(s), s);
    }

    @Test
    void namesOfTheLongestAllowedLength() {
        assertEquals(true, Problems.isName("a".repeat(63)));
        assertEquals(false, Problems.isName("a".repeat(64)));
        assertEquals(false, Problems.isName("-a"));
        assertEquals(false, Problems.isName(""));
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> nameLike() {
        return net.jqwik.api.Arbitraries.strings().withChars("aZ09._-/ \u00e9\u0663").ofMinLength(0).ofMaxLength(66);
    }

    @Test
    void ip6PrefixesAreWrittenAsToStringWritesThem() {
        IpPrefix p = IpPrefix.valueOf("2001:db8::/32");
        assertEquals(p.toString(), DocumentWriter.text(p));
    }

    @Test
    void wireNamesParseToTheConstantAScanFinds() {
        assertEvery(Direction.class);
        assertEvery(RuleAction.class);
        assertEvery(Protocol.class);
        assertEvery(EndpointKind.class);
        assertEvery(Tier.class);
        assertNull(Kinds.parse(Direction.class, "INGRESS"), "wire names are case sensitive");
        assertNull(Kinds.parse(Direction.class, null));
        assertNull(Kinds.parse(Direction.class, ""));
    }

    private static <E extends Enum<E> & WireNamed> void assertEvery(Class<E> type) {
        for (E e : type.getEnumConstants()) {
            assertSame(e, Kinds.parse(type, e.wireName()), type.getSimpleName() + " " + e);
        }
    }

    @Test
    void addressesAndPrefixesAreAcceptedAndRefusedAsBefore() {
        assertEquals(IpPrefix.valueOf("10.1.2.0/24"), JsonFields.parsePrefix("10.1.2.0/24"));
        assertEquals(IpPrefix.valueOf("10.1.2.3/32"), JsonFields.parsePrefix("10.1.2.3"));
        assertEquals(IpPrefix.valueOf("10.1.2.3/32"), JsonFields.parsePrefix("10.1.2.3/032"));
        assertEquals(IpPrefix.valueOf("2001:db8::/32"), JsonFields.parsePrefix("2001:db8::/32"));
        for (String bad : new String[] {"10.1.2.0/", "10.1.2.0/0024", "10.1.2.0/+8", "10.1.2.0/-1", "10.1.2.0/33",
            "10.1.2.0/\u0663", "10.1.2.1/24", "10.1.2/24", "10.1.2.0.0/8", "1O.1.2.0/24", "", "/8", "10.1.2.\u0663/32"}) {
            assertNull(JsonFields.parsePrefix(bad), bad);
        }
        assertEquals(IpAddress.valueOf("192.168.0.1"), JsonFields.parseIp("192.168.0.1"));
        assertNull(JsonFields.parseIp("192.168.0.256"));
        assertNull(JsonFields.parseIp("192.168.0"));
        assertNull(JsonFields.parseIp("192.168.0.1/32"));
        assertEquals("02:00:00:00:00:1a", JsonFields.parseMac("02:00:00:00:00:1A").toString().toLowerCase());
        assertNull(JsonFields.parseMac("02:00:00:00:00"));
        assertNull(JsonFields.parseMac("02-00-00-00-00-1a"));
    }
}
