package org.dsp.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.dsp.model.CidrBlock;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.IpPrefix;

class PrefixesTest {
    @Property(tries = 1000)
    void expansionCoversExactlyTheBlockMinusItsExceptions(@ForAll @IntRange(min = 8, max = 28) int len,
                                                           @ForAll long seed) {
        Random rnd = new Random(seed);
        IpPrefix cidr = IpPrefix.valueOf(Ip4Address.valueOf(0x0a000000 | rnd.nextInt(1 << 24)), len);
        List<IpPrefix> except = new ArrayList<>();
        for (int i = 0; i < rnd.nextInt(4); i++) {
            int l = len + 1 + rnd.nextInt(32 - len);
            except.add(IpPrefix.valueOf(Ip4Address.valueOf(cidr.address().getIp4Address().toInt() | rnd.nextInt(1 << (32 - len))), l));
        }
        List<IpPrefix> out = Prefixes.expand(CidrBlock.of(cidr, except));
        for (int i = 0; i < 300; i++) {
            Ip4Address a = Ip4Address.valueOf(cidr.address().getIp4Address().toInt() + rnd.nextInt(1 << (32 - len)));
            if (i % 3 == 0 && !except.isEmpty()) {
                IpPrefix x = except.get(rnd.nextInt(except.size()));
                a = Ip4Address.valueOf(x.address().getIp4Address().toInt() + (x.prefixLength() == 32 ? 0 : rnd.nextInt(1 << (32 - x.prefixLength()))));
            }
            final Ip4Address fa = a;
            boolean expected = cidr.contains(fa) && except.stream().noneMatch(x -> x.contains(fa));
            long covering = out.stream().filter(p -> p.contains(fa)).count();
            assertEquals(expected ? 1 : 0, covering, cidr + " except " + except + " at " + a + " -> " + out);
        }
        assertTrue(out.size() <= 1 + except.size() * 32);
    }
}
