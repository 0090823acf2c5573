package org.dsp.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dsp.app.api.TenantRecord;
import org.dsp.app.api.TenantStatus;
import org.dsp.codec.ValidationError;
import org.onosproject.net.DeviceId;

/** The text the shell commands print, as pure functions (tested without a shell). */
public final class CliFormat {
    private CliFormat() {
    }

    /** One line per tenant: id, version, state, DSN count. */
    public static List<String> tenants(Map<String, TenantRecord> records, Map<String, TenantStatus> status) {
        List<String> out = new ArrayList<>();
        out.add(String.format("%-20s %8s %-10s %s", "TENANT", "VERSION", "STATE", "DSNS"));
        for (String id : new java.util.TreeSet<>(records.keySet())) {
            TenantStatus s = status.get(id);
            out.add(String.format("%-20s %8d %-10s %d", id, records.get(id).version(),
                    s == null ? "PENDING" : s.state().name(), s == null ? 0 : s.dsns().size()));
        }
        return out;
    }

    /** The realization of one tenant, one line per DSN. */
    public static List<String> status(TenantStatus s) {
        List<String> out = new ArrayList<>();
        out.add("tenant " + s.tenant() + " version " + s.version() + ": " + s.state());
        if (s.failure() != null) {
            out.add("  reason: " + s.failure());
        }
        for (Map.Entry<DeviceId, TenantStatus.DsnStatus> e : s.dsns().entrySet()) {
            TenantStatus.DsnStatus d = e.getValue();
            out.add(String.format("  %-22s %-10s %5d flow ops %s%s", e.getKey(), d.state(), d.flows(),
                    d.millis() < 0 ? "" : d.millis() + " ms", d.reason() == null ? "" : "  (" + d.reason() + ")"));
        }
        return out;
    }

    /** A tenant's flows, per DSN, as ovs-ofctl lines. */
    public static List<String> flows(Map<DeviceId, List<org.dsp.app.api.ProgrammedFlow>> flows, String onlyDsn) {
        List<String> out = new ArrayList<>();
        Map<DeviceId, List<org.dsp.app.api.ProgrammedFlow>> sorted = new TreeMap<>(java.util.Comparator.comparing(DeviceId::toString));
        sorted.putAll(flows);
        for (Map.Entry<DeviceId, List<org.dsp.app.api.ProgrammedFlow>> e : sorted.entrySet()) {
            if (onlyDsn != null && !onlyDsn.equals(e.getKey().toString())) {
                continue;
            }
            out.add("# dsn " + e.getKey());
            e.getValue().forEach(f -> out.add(f.text()));
            out.add("# dsn " + e.getKey() + ": " + e.getValue().size() + " flows");
        }
        return out;
    }

    /** Every validation problem, one per line. */
    public static List<String> errors(List<ValidationError> errors) {
        List<String> out = new ArrayList<>();
        out.add(errors.size() + " problem(s); nothing was changed:");
        for (ValidationError e : errors) {
            out.add("  " + e.path() + ": " + e.reason() + " [" + e.code() + "]");
        }
        return out;
    }
}
