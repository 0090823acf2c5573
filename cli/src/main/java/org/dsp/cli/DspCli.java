package org.dsp.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code dsp} command line. Exit codes: 0 ok, 1 failure, 2 usage, 3 invalid document, 4 conflict, 5 not found, 6 not logged in, 7 forbidden. */
@Command(name = "dsp", mixinStandardHelpOptions = true, version = "dsp 0.1.0",
        description = "Distributed Services Platform: compile tenant service intents into DSN programs.",
        subcommands = {CompileCommand.class, ExpectCommand.class, NodeCommands.Apply.class, NodeCommands.DryRun.class,
            NodeCommands.Get.class, NodeCommands.Delete.class, NodeCommands.Tenants.class, NodeCommands.Status.class,
            NodeCommands.Dsns.class, NodeCommands.Flows.class, ChainCommand.class, TraceCommand.class, AuthCommands.Login.class,
            AuthCommands.Logout.class, AuthCommands.WhoAmI.class, AuthCommands.Users.class, AuthCommands.Passwd.class,
            AuthCommands.Tokens.class, AuthCommands.Audit.class, FlowLogCommands.FlowLogs.class, FlowLogCommands.Offenders.class, RuleCommands.class})
public final class DspCli implements Runnable {
    /** Exit code for an invalid tenant document. */
    public static final int EXIT_INVALID = 3;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Runs the command line. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new DspCli()).execute(args));
    }
}
