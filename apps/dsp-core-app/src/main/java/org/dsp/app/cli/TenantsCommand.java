package org.dsp.app.cli;

import java.util.HashMap;
import java.util.Map;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.dsp.app.api.TenantRecord;
import org.dsp.app.api.TenantService;
import org.dsp.app.api.TenantStatus;
import org.onosproject.cli.AbstractShellCommand;

/** {@code dsp-tenants}: lists tenants with version and realization state. */
@Service
@Command(scope = "onos", name = "dsp-tenants", description = "Lists DSP tenants with version and realization state")
public class TenantsCommand extends AbstractShellCommand {
    @Override
    protected void doExecute() {
        TenantService s = get(TenantService.class);
        Map<String, TenantRecord> records = new HashMap<>();
        Map<String, TenantStatus> status = new HashMap<>();
        for (String id : s.tenants()) {
            TenantRecord r;
            try {
                r = s.tenant(id);
            } catch (org.dsp.app.api.UnreadableTenantException e) {
                print("%s: %s", id, e.getMessage()); // its status says FAILED with the reason
                continue;
            }
            if (r != null) {
                records.put(id, r);
                TenantStatus st = s.status(id);
                if (st != null) {
                    status.put(id, st);
                }
            }
        }
        CliFormat.tenants(records, status).forEach(l -> print("%s", l));
    }
}
