package org.dsp.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dsp rule get|put|delete}: one firewall rule of a tenant, without sending the whole document (docs/api.md). */
@Command(name = "rule", mixinStandardHelpOptions = true, description = "Read, put or delete one firewall rule of a tenant.",
        subcommands = {RuleCommands.Get.class, RuleCommands.Put.class, RuleCommands.Delete.class})
final class RuleCommands implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Without a subcommand: prints the usage. */
    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The --if-match option of the changes: the version the tenant must still be at. */
    static final class IfMatch {
        @Option(names = "--if-match", description = "Change only if the tenant is still at this version (else exit 4, conflict).")
        Long version;

        /** The If-Match header (none without the option). */
        Map<String, String> header() {
            return version == null ? Map.of() : Map.of("If-Match", "\"" + version + "\"");
        }
    }

    /** The rule a command names: tenant, tier and rule name. */
    abstract static class RuleBase extends NodeCommands.Base {
        @Parameters(index = "0", description = "Tenant id.")
        String tenant;

        @Parameters(index = "1", description = "Firewall tier: platform, tenant or baseline.")
        String tier;

        @Parameters(index = "2", description = "Rule name.")
        String name;

        String path() {
            return "tenants/" + enc(tenant) + "/firewall/" + enc(tier) + "/rules/" + enc(name);
        }

        private static String enc(String s) {
            return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }

        /** Prints what a change did: "tenant acme version 8: rule ssh-in ADDED at 6 in tier tenant". */
        int changed(RestClient.Reply r) throws Exception {
            return print(r, j -> common.out.printf("tenant %s version %d: rule %s %s at %d in tier %s (%s); ./dsp status %s%n",
                    j.get("tenant").asText(), j.get("version").asLong(), j.get("rule").asText(), j.get("change").asText(),
                    j.get("position").asInt(), j.get("tier").asText(), j.get("state").asText(), j.get("tenant").asText()));
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print one rule as stored.")
    static final class Get extends RuleBase {
        @Override
        Integer run(RestClient c) throws Exception {
            RestClient.Reply r = c.send("GET", path(), null);
            return print(r, j -> common.out.println(j.get("rule").toPrettyString()));
        }
    }

    @Command(name = "put", mixinStandardHelpOptions = true,
            description = "Add a rule (last, or before --before) or replace the rule of that name where it stands.")
    static final class Put extends RuleBase {
        @Option(names = {"-f", "--file"}, required = true, description = "The rule (JSON object; its name may be left out).")
        Path file;

        @Option(names = "--before", description = "Place the rule before this rule of the tier.")
        String before;

        @Mixin
        IfMatch ifMatch = new IfMatch();

        @Override
        Integer run(RestClient c) throws Exception {
            StringBuilder p = new StringBuilder(path());
            NodeCommands.query(p, "before", before);
            return changed(c.send("PUT", p.toString(), Files.readString(file, StandardCharsets.UTF_8), ifMatch.header()));
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a rule.")
    static final class Delete extends RuleBase {
        @Mixin
        IfMatch ifMatch = new IfMatch();

        @Override
        Integer run(RestClient c) throws Exception {
            return changed(c.send("DELETE", path(), null, ifMatch.header()));
        }
    }
}
