package org.dsp.app.cli;

import java.util.List;
import java.util.SortedSet;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.dsp.app.api.TenantService;
import org.onosproject.cli.AbstractShellCommand;

/** Completes tenant ids. */
@Service
public class TenantIdCompleter implements Completer {
    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter delegate = new StringsCompleter();
        SortedSet<String> strings = delegate.getStrings();
        strings.addAll(AbstractShellCommand.get(TenantService.class).tenants());
        return delegate.complete(session, commandLine, candidates);
    }
}
