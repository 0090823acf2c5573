package org.dsp.app.cli;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsp.app.api.TenantService;
import org.onosproject.cli.AbstractShellCommand;

/** {@code dsp-flows <tenant> [dsn]}: the tenant's compiled flows per DSN, as ovs-ofctl lines. */
@Service
@Command(scope = "onos", name = "dsp-flows", description = "Shows a DSP tenant's compiled flows per DSN")
public class FlowsCommand extends AbstractShellCommand {
    @Argument(index = 0, name = "tenant", description = "Tenant id", required = true)
    @Completion(TenantIdCompleter.class)
    String tenant;

    @Argument(index = 1, name = "dsn", description = "Only this DSN (device id)", required = false)
    String dsn;

    @Override
    protected void doExecute() {
        CliFormat.flows(get(TenantService.class).flows(tenant), dsn).forEach(l -> print("%s", l));
    }
}
