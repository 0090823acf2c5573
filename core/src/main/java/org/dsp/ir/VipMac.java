package org.dsp.ir;

import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;

/**
 * The MAC a virtual address (a load balancer's VIP) answers ARP and neighbour discovery with:
 * locally administered, {@code 0a:00} and the address's last 32 bits (all of an IPv4 address).
 * The driver's ARP responder and the service's probes and neighbour advertisements must agree on
 * it; it only brings clients' packets to their DSN, which rewrites it to the backend's MAC.
 */
public final class VipMac {
    private VipMac() {
    }

    /** Returns the MAC of virtual address {@code vip}. */
    public static MacAddress of(IpAddress vip) {
        byte[] a = vip.toOctets();
        int n = a.length;
        long low = ((a[n - 4] & 0xffL) << 24) | ((a[n - 3] & 0xffL) << 16) | ((a[n - 2] & 0xffL) << 8) | (a[n - 1] & 0xffL);
        return MacAddress.valueOf(0x0a0000000000L | low);
    }
}
