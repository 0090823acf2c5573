package org.dsp.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.ValidationError;
import org.dsp.compiler.Keys;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.DsnTarget;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.OfctlWriter;
import org.dsp.ir.LogicalProgram;
import org.dsp.model.TenantDocument;
import org.onosproject.net.DeviceId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dsp compile}: compiles tenant documents offline and prints each DSN's flows for ovs-ofctl. */
@Command(name = "compile", mixinStandardHelpOptions = true,
        description = {"Compile tenant documents offline (no node, no switch) and print each DSN's flows",
                "in the form 'ovs-ofctl -O OpenFlow13 add-flows --bundle BR -' loads as it is."})
public final class CompileCommand implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, required = true, description = "Tenant document (JSON); repeat for several tenants.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--dsn", description = "Print only this DSN (device id, e.g. of:0000000000000001).")
    String dsn;

    @Option(names = "--uplink", description = "DSN=PORT: the DSN's uplink port for remote destinations; repeatable.")
    List<String> uplinks = new ArrayList<>();

    @Option(names = "--tunnel", description = "DSN=PORT@ADDRESS: the DSN's overlay tunnel port and underlay IPv4 address "
            + "(tenants with networks reach other DSNs only through tunnels); repeatable.")
    List<String> tunnels = new ArrayList<>();

    @Option(names = "--external", description = "DSN=PORT@NEXT-HOP-MAC: a gateway DSN's port on the external network and the "
            + "MAC of the next hop there (tenants' NAT is placed at gateways, docs/nat.md); repeatable.")
    List<String> externals = new ArrayList<>();

    @Option(names = "--logical", description = "Print the logical flows (step 1) instead of the DSN flows.")
    boolean logical;

    @Option(names = "--target", description = "Southbound the program is for: node (default: every Nicira extension, "
            + "conjunctive match) or onos (what ONOS 2.7's OpenFlow provider carries: no conjunction, plain controller "
            + "output for reject, no log sampling).")
    String target = "node";

    PrintStream out = System.out;
    PrintStream err = System.err;

    /** Prints a document's problems, one per line under the file's name. */
    static void printProblems(PrintStream err, Path f, InvalidDocumentException e) {
        err.println(f + ": " + e.errors().size() + " problem(s):");
        for (ValidationError v : e.errors()) {
            err.println("  " + v);
        }
    }

    /**
     * Compiles documents of distinct tenants (step 1) with the services on the class path: distinct
     * tenant keys, and the services' extra zones (NAT's, the chains' steering keys) no tenant's key.
     */
    static List<LogicalProgram> logical(List<TenantDocument> docs) {
        Set<String> ids = new java.util.HashSet<>();
        docs.forEach(d -> ids.add(d.tenantId()));
        Map<String, Integer> keys = Keys.tenantKeys(ids);
        org.dsp.spi.ZoneAllocator zones = org.dsp.spi.ZoneAllocator.avoiding(keys.values());
        List<LogicalProgram> programs = new ArrayList<>();
        for (TenantDocument d : docs) {
            LogicalCompiler lc = new LogicalCompiler(keys.get(d.tenantId()), org.dsp.spi.Services.discovered()).zones(zones);
            lc.update(d);
            programs.add(lc.program());
        }
        return programs;
    }

    @Override
    public Integer call() throws Exception {
        DsnTarget t;
        if ("node".equals(target)) {
            t = DsnTarget.OVS_NICIRA;
        } else if ("onos".equals(target)) {
            t = DsnTarget.ONOS_OPENFLOW;
        } else {
            err.println("dsp compile: --target must be node or onos, got '" + target + "'");
            return 2;
        }
        OfflineCompile o = OfflineCompile.build(files, uplinks, tunnels, externals, t, logical, "compile", err);
        if (o.exit != 0) {
            return o.exit;
        }
        if (logical) {
            for (LogicalProgram p : o.logical) {
                out.println("# tenant " + p.tenant() + " (key " + p.tenantKey() + ")");
                out.print(p.print());
            }
            return 0;
        }
        if (dsn != null) {
            DsnProgram p = o.programs.get(DeviceId.deviceId(dsn));
            if (p == null) {
                err.println("dsp compile: no flows for DSN " + dsn + "; DSNs: " + o.programs.keySet());
                return 1;
            }
            out.print(OfctlWriter.write(p));
        } else {
            out.print(OfctlWriter.write(o.programs));
        }
        return 0;
    }
}
