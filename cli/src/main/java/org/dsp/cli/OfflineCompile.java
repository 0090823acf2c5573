package org.dsp.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.ir.LogicalProgram;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.DsnTarget;
import org.dsp.driver.ovs.ExternalPort;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.TunnelEndpoint;
import org.dsp.model.TenantDocument;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;

/**
 * Documents compiled offline for the CLI's commands: read and validated, compiled in both steps
 * for an inventory given on the command line ({@code --uplink}, {@code --tunnel}, {@code --external}).
 * {@link #exit} is 0, or the exit code after the problems were printed.
 */
final class OfflineCompile {
    final List<TenantDocument> docs = new ArrayList<>();
    List<LogicalProgram> logical = List.of();
    Inventory inventory;
    Map<DeviceId, DsnProgram> programs = Map.of();
    int exit;

    private OfflineCompile() {
    }

    private OfflineCompile fail(int code) {
        exit = code;
        return this;
    }

    /** Reads the documents (printing their problems); stops after step 1 when {@code logicalOnly}. */
    static OfflineCompile build(List<Path> files, List<String> uplinks, List<String> tunnels, List<String> externals,
                                DsnTarget target, boolean logicalOnly, String cmd, PrintStream err) {
        OfflineCompile o = new OfflineCompile();
        boolean invalid = false;
        for (Path f : files) {
            String text;
            try {
                text = Files.readString(f, StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                err.println("dsp " + cmd + ": cannot read " + f + ": " + e.getMessage());
                return o.fail(1);
            }
            try {
                o.docs.add(TenantDocumentCodec.decode(text));
            } catch (InvalidDocumentException e) {
                invalid = true;
                CompileCommand.printProblems(err, f, e);
            }
        }
        if (invalid) {
            return o.fail(DspCli.EXIT_INVALID);
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (TenantDocument d : o.docs) {
            if (!ids.add(d.tenantId())) {
                err.println("dsp " + cmd + ": tenant '" + d.tenantId() + "' is given twice");
                return o.fail(DspCli.EXIT_INVALID);
            }
        }
        o.logical = CompileCommand.logical(o.docs);
        if (logicalOnly) {
            return o;
        }
        Map<DeviceId, PortNumber> up = new LinkedHashMap<>();
        for (String u : uplinks) {
            int eq = u.lastIndexOf('=');
            if (eq < 0 || !u.substring(eq + 1).matches("\\d+")) {
                err.println("dsp " + cmd + ": --uplink must be DSN=PORT, got '" + u + "'");
                return o.fail(2);
            }
            up.put(DeviceId.deviceId(u.substring(0, eq)), PortNumber.portNumber(Long.parseLong(u.substring(eq + 1))));
        }
        Map<DeviceId, TunnelEndpoint> tun = new LinkedHashMap<>();
        for (String u : tunnels) {
            int eq = u.lastIndexOf('=');
            try {
                if (eq < 0) {
                    throw new IllegalArgumentException("no '='");
                }
                tun.put(DeviceId.deviceId(u.substring(0, eq)), TunnelEndpoint.parse(u.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                err.println("dsp " + cmd + ": --tunnel must be DSN=PORT@IPV4-ADDRESS, got '" + u + "' (" + e.getMessage() + ")");
                return o.fail(2);
            }
        }
        Map<DeviceId, ExternalPort> ext = new LinkedHashMap<>();
        for (String u : externals) {
            int eq = u.lastIndexOf('=');
            try {
                if (eq < 0) {
                    throw new IllegalArgumentException("no '='");
                }
                ext.put(DeviceId.deviceId(u.substring(0, eq)), ExternalPort.parse(u.substring(eq + 1)));
            } catch (IllegalArgumentException e) {
                err.println("dsp " + cmd + ": --external must be DSN=PORT@NEXT-HOP-MAC, got '" + u + "' (" + e.getMessage() + ")");
                return o.fail(2);
            }
        }
        o.inventory = Inventory.of(up, tun, ext);
        try {
            o.programs = DsnCompiler.compile(o.logical, o.inventory, target);
        } catch (org.dsp.driver.ovs.UnrealizableException e) {
            err.println("dsp " + cmd + ": " + e.getMessage());
            return o.fail(DspCli.EXIT_INVALID);
        }
        return o;
    }
}
