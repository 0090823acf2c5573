package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;

/**
 * The addresses a change makes a DSN answer for on one of its ports: a flow added in classify that
 * replies to ARP requests arriving on a given port for one address (a NAT gateway taking over an
 * external address, docs/nat.md). The controller announces each with a gratuitous ARP out of that
 * port, so the switches of that segment learn the port at once instead of when their MAC entry
 * for it ages out.
 */
public final class Announcements {
    /** One address a DSN now answers for on a port, with the MAC it answers with. */
    public static final class Announcement {
        private final long port;
        private final Ip4Address address;
        private final MacAddress mac;

        Announcement(long port, Ip4Address address, MacAddress mac) {
            this.port = port;
            this.address = address;
            this.mac = mac;
        }

        /** Returns the port the DSN answers on. */
        public long port() {
            return port;
        }

        /** Returns the address. */
        public Ip4Address address() {
            return address;
        }

        /** Returns the MAC it answers with. */
        public MacAddress mac() {
            return mac;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Announcement && ((Announcement) o).port == port && ((Announcement) o).address.equals(address)
                    && ((Announcement) o).mac.equals(mac);
        }

        @Override
        public int hashCode() {
            return Objects.hash(port, address, mac);
        }

        @Override
        public String toString() {
            return address + " at " + mac + " on port " + port;
        }
    }

    private Announcements() {
    }

    /** The announcements of a change: the ARP answers on a port it adds in classify (not the ones it only modifies). */
    public static List<Announcement> of(FlowDelta d) {
        List<Announcement> out = new ArrayList<>();
        for (DsnFlow f : d.adds()) {
            if (!f.table().equals(Table.CLASSIFY)) {
                continue;
            }
            MatchValue op = f.match().get(Field.ARP_OP);
            MatchValue tpa = f.match().get(Field.ARP_TPA);
            MatchValue in = f.match().get(Field.IN_PORT);
            if (op == null || op.value() != 1 || tpa == null || in == null || tpa.prefix() == null
                    || tpa.prefix().prefixLength() != 32) {
                continue;
            }
            for (DsnAction a : f.actions()) {
                if (a instanceof DsnAction.SetField && ((DsnAction.SetField) a).field() == Field.ARP_SHA) {
                    out.add(new Announcement(in.value(), tpa.prefix().address().getIp4Address(),
                            MacAddress.valueOf(((DsnAction.SetField) a).value())));
                    break;
                }
            }
        }
        return out;
    }
}
