package org.dsp.app.rest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dsp.app.api.ProgrammedFlow;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRuleService;

/**
 * The switches' counters of DSP's compiled flows, summed per DSN, table and owner: a switch's flow
 * entry is matched to the compiled flows by table, priority and DSP's cookie (the low 48 bits;
 * above them the flow id carries the app id), and counts for each of its owners. What
 * {@code /metrics} and a tenant's {@code /counters} report.
 */
public final class OwnerCounters {
    /** The sums of one owner in one table of one DSN. */
    public static final class Sum {
        /** The DSN. */
        public final String dsn;
        /** The table number. */
        public final int table;
        /** The owner (tenant/kind/name). */
        public final String owner;
        long packets;
        long bytes;

        Sum(String dsn, int table, String owner) {
            this.dsn = dsn;
            this.table = table;
            this.owner = owner;
        }

        /** Returns the packets counted. */
        public long packets() {
            return packets;
        }

        /** Returns the bytes counted. */
        public long bytes() {
            return bytes;
        }
    }

    private OwnerCounters() {
    }

    /** The sums over the compiled flows given (per tenant, per DSN), sorted by DSN, table and owner. */
    public static List<Sum> of(Map<String, Map<DeviceId, List<ProgrammedFlow>>> compiled, FlowRuleService flowRules) {
        Map<DeviceId, Map<String, Set<String>>> owners = new HashMap<>(); // (table, priority, cookie) -> owners, per DSN
        for (Map<DeviceId, List<ProgrammedFlow>> byDsn : compiled.values()) {
            byDsn.forEach((d, flows) -> {
                Map<String, Set<String>> byKey = owners.computeIfAbsent(d, k -> new HashMap<>());
                for (ProgrammedFlow f : flows) {
                    byKey.computeIfAbsent(key(f.table(), f.priority(), f.cookie()), k -> new TreeSet<>()).addAll(f.owners());
                }
            });
        }
        Map<List<Object>, Sum> sums = new HashMap<>();
        for (Map.Entry<DeviceId, Map<String, Set<String>>> e : owners.entrySet()) {
            Iterable<FlowEntry> entries = flowRules.getFlowEntries(e.getKey());
            if (entries == null) {
                continue;
            }
            String dsn = e.getKey().toString();
            for (FlowEntry f : entries) {
                int table = f.table() instanceof org.onosproject.net.flow.IndexTableId
                        ? ((org.onosproject.net.flow.IndexTableId) f.table()).id() : -1;
                Set<String> who = e.getValue().get(key(table, f.priority(), f.id().value()));
                if (who == null) {
                    continue;
                }
                for (String owner : who) {
                    Sum s = sums.computeIfAbsent(List.of(dsn, table, owner), k -> new Sum(dsn, table, owner));
                    s.packets += f.packets();
                    s.bytes += f.bytes();
                }
            }
        }
        List<Sum> out = new java.util.ArrayList<>(sums.values());
        out.sort(java.util.Comparator.comparing((Sum x) -> x.dsn).thenComparingInt(x -> x.table).thenComparing(x -> x.owner));
        return List.copyOf(out);
    }

    private static String key(int table, int priority, long cookie) {
        return table + "/" + priority + "/" + (cookie & 0xFFFF_FFFF_FFFFL);
    }
}
