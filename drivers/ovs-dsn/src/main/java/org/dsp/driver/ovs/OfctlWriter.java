package org.dsp.driver.ovs;

import java.util.List;
import java.util.Map;
import org.onosproject.net.DeviceId;

/**
 * Prints DSN programs in the form {@code ovs-ofctl -O OpenFlow13 add-flows --bundle BR -} loads
 * as it is: one flow per line with its table number, and {@code #} comment lines naming each
 * table and the owners of the flows that follow. Each DSN's section opens with
 * {@code # dsn <device-id>} and closes with {@code # dsn <device-id>: <N> flows} (and its group
 * count). A program's groups (a load balancer's select groups) are comment lines
 * {@code #group group_id=...} in ovs-ofctl's group syntax: {@code grep '^#group ' | cut -c8-} gives
 * what {@code ovs-ofctl -O OpenFlow13 add-groups BR -} loads, before the flows.
 */
public final class OfctlWriter {
    private OfctlWriter() {
    }

    /** Prints one DSN's program. */
    public static String write(DsnProgram p) {
        StringBuilder sb = new StringBuilder();
        DeviceId d = p.dsn();
        sb.append("# dsn ").append(d).append('\n');
        Table table = null;
        String owners = null;
        int groups = 0;
        for (DsnFlow f : p.flows().values()) {
            if (DsnGroups.isGroup(f)) {
                sb.append("# owner ").append(String.join(", ", f.owners())).append('\n');
                sb.append("#group ").append(DsnGroups.of(f).render()).append('\n');
                groups++;
                continue;
            }
            if (f.table() != table) {
                table = f.table();
                owners = null;
                sb.append("# table ").append(table.number()).append(' ').append(table.label()).append('\n');
            }
            String o = String.join(", ", f.owners());
            if (!o.equals(owners)) {
                sb.append("# owner ").append(o).append('\n');
                owners = o;
            }
            sb.append(f.render()).append('\n');
        }
        sb.append("# dsn ").append(d).append(": ").append(p.size()).append(" flows")
                .append(groups == 0 ? "" : " and " + groups + " groups").append('\n');
        return sb.toString();
    }

    /** Prints several DSNs' programs, in device order. */
    public static String write(Map<DeviceId, DsnProgram> programs) {
        StringBuilder sb = new StringBuilder();
        for (DsnProgram p : programs.values()) {
            sb.append(write(p));
        }
        return sb.toString();
    }

    /** Prints a list of flows, one per line, without comments. */
    public static String lines(List<DsnFlow> flows) {
        StringBuilder sb = new StringBuilder();
        for (DsnFlow f : flows) {
            sb.append(f.render()).append('\n');
        }
        return sb.toString();
    }
}
