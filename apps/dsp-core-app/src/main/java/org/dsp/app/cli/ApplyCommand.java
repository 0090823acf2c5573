package org.dsp.app.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsp.app.api.StaleVersionException;
import org.dsp.app.api.TenantAdminService;
import org.dsp.app.api.TenantRecord;
import org.dsp.codec.InvalidDocumentException;
import org.onosproject.cli.AbstractShellCommand;

/** {@code dsp-apply <file>}: applies a tenant document (all or nothing). */
@Service
@Command(scope = "onos", name = "dsp-apply", description = "Applies a DSP tenant document from a JSON file")
public class ApplyCommand extends AbstractShellCommand {
    @Argument(index = 0, name = "file", description = "Tenant document (JSON)", required = true)
    String file;

    @Override
    protected void doExecute() throws Exception {
        try {
            TenantAdminService admin = get(TenantAdminService.class);
            TenantRecord r = admin.apply(admin.parse(Files.readString(Path.of(file), StandardCharsets.UTF_8)));
            // the Karaf console's user is ONOS's administrator; the change is audited as the console's
            admin.audit().record(org.dsp.app.api.AuditEntry.of("karaf-console", "-", "tenant.apply", r.document().tenantId(),
                    r.version(), "applied from " + file, "accepted"));
            print("tenant %s applied as version %d; realization follows (dsp-status %s)", r.document().tenantId(),
                    r.version(), r.document().tenantId());
        } catch (InvalidDocumentException e) {
            CliFormat.errors(e.errors()).forEach(l -> error("%s", l));
        } catch (StaleVersionException e) {
            error("%s", e.getMessage());
        }
    }
}
