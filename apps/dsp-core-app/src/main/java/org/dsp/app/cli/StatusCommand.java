package org.dsp.app.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsp.app.api.TenantService;
import org.dsp.app.api.TenantStatus;
import org.onosproject.cli.AbstractShellCommand;

/** {@code dsp-status <tenant>}: the tenant's realization on each DSN. */
@Service
@Command(scope = "onos", name = "dsp-status", description = "Shows a DSP tenant's realization on each DSN")
public class StatusCommand extends AbstractShellCommand {
    @Argument(index = 0, name = "tenant", description = "Tenant id", required = true)
    @Completion(TenantIdCompleter.class)
    String tenant;

    @Override
    protected void doExecute() {
        TenantStatus s = get(TenantService.class).status(tenant);
        if (s == null) {
            error("no realized tenant %s", tenant);
            return;
        }
        CliFormat.status(s).forEach(l -> print("%s", l));
    }
}
