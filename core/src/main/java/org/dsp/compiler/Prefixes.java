package org.dsp.compiler;

import java.util.ArrayList;
import java.util.List;
import org.dsp.model.CidrBlock;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;

/** Prefix arithmetic: a block minus its exceptions as a list of disjoint prefixes. */
public final class Prefixes {
    private Prefixes() {
    }

    /** Returns the prefixes covering {@code block.cidr()} minus every exception, disjoint, in address order. */
    public static List<IpPrefix> expand(CidrBlock block) {
        List<IpPrefix> out = new ArrayList<>();
        subtract(block.cidr(), block.except(), out);
        return out;
    }

    private static void subtract(IpPrefix p, List<IpPrefix> except, List<IpPrefix> out) {
        List<IpPrefix> inside = new ArrayList<>();
        for (IpPrefix x : except) {
            if (x.contains(p)) {
                return;
            }
            if (p.contains(x)) {
                inside.add(x);
            }
        }
        if (inside.isEmpty()) {
            out.add(p);
            return;
        }
        int len = p.prefixLength() + 1;
        IpPrefix low = IpPrefix.valueOf(p.address(), len);
        IpPrefix high = IpPrefix.valueOf(setBit(p.address(), p.prefixLength()), len);
        subtract(low, inside, out);
        subtract(high, inside, out);
    }

    /** Returns {@code a} with bit {@code index} (0 = most significant) set. */
    static IpAddress setBit(IpAddress a, int index) {
        byte[] b = a.toOctets();
        b[index / 8] |= (byte) (0x80 >>> (index % 8));
        return IpAddress.valueOf(a.version(), b);
    }

    /** Returns the host prefix (/32 or /128) of an address. */
    public static IpPrefix host(IpAddress a) {
        return IpPrefix.valueOf(a, a.isIp4() ? 32 : 128);
    }
}
