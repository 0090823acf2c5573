package org.dsp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The commands that talk to a running node (or ONOS) over REST. Exit codes: 0 ok, 1 the node
 * failed or cannot be reached, 3 invalid document, 4 stale version (conflict), 5 not found,
 * 6 not authenticated (log in), 7 forbidden (the user's roles do not allow it).
 */
final class NodeCommands {
    static final int EXIT_CONFLICT = 4;
    static final int EXIT_NOT_FOUND = 5;
    static final int EXIT_UNAUTHENTICATED = 6;
    static final int EXIT_FORBIDDEN = 7;
    static final ObjectMapper M = new ObjectMapper();

    private NodeCommands() {
    }

    /** Options every REST command takes. */
    static final class Common {
        @Option(names = "--node", description = "REST base URL (default ${DEFAULT-VALUE}).")
        String node = "http://127.0.0.1:8181/onos/dsp/v1";

        @Option(names = "--json", description = "Print the JSON the node returned.")
        boolean json;

        @Option(names = "--token", description = "API token (default: $DSP_TOKEN, else the one ./dsp login saved for --node).")
        String token;

        @Option(names = "--credentials", description = "Where ./dsp login keeps tokens (default: $DSP_CREDENTIALS, else "
                + "~/.config/dsp/credentials.json).")
        Path credentials;

        @Option(names = "--cacert", description = "PEM certificate(s) to trust for an https --node (default: $DSP_CACERT, else the JDK's CAs).")
        Path cacert;

        /** The credentials file in use. */
        Path credentialsFile() {
            return CliCredentials.file(credentials);
        }

        /** The Authorization header to send: --token, $DSP_TOKEN, or the saved login for --node; null without any. */
        String authorization() throws java.io.IOException {
            String t = token != null ? token : System.getenv("DSP_TOKEN");
            if (t == null || t.isBlank()) {
                t = CliCredentials.token(credentialsFile(), RestClient.root(node).toString());
            }
            return t == null || t.isBlank() ? null : "Bearer " + t.trim();
        }

        /** A client of --node with the caller's credentials. */
        RestClient client() throws Exception {
            Path ca = cacert != null ? cacert : System.getenv("DSP_CACERT") == null ? null : Path.of(System.getenv("DSP_CACERT"));
            return new RestClient(node, authorization(), ca == null ? null : RestClient.trusting(ca));
        }

        PrintStream out = System.out;
        PrintStream err = System.err;
    }

    /** Base of the REST commands: calls, error mapping and printing. */
    /** Appends query parameter {@code k}={@code v} (URL-encoded) to {@code q} when {@code v} is not null. */
    static void query(StringBuilder q, String k, Object v) {
        if (v != null) {
            q.append(q.indexOf("?") < 0 ? '?' : '&').append(k).append('=')
                    .append(java.net.URLEncoder.encode(v.toString(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    abstract static class Base implements Callable<Integer> {
        @Mixin
        Common common = new Common();

        abstract Integer run(RestClient c) throws Exception;

        @Override
        public Integer call() throws Exception {
            try {
                return run(common.client());
            } catch (ConnectException e) {
                common.err.println("dsp: no node at " + common.node + " (start one with ./dsp node)");
                return 1;
            }
        }

        /** Maps an HTTP reply to an exit code, printing errors; returns -1 when the reply is a success. */
        int failure(RestClient.Reply r) throws Exception {
            if (r.status() >= 200 && r.status() < 300) {
                return -1;
            }
            JsonNode body;
            try {
                body = r.body().isBlank() ? M.createObjectNode() : M.readTree(r.body());
            } catch (com.fasterxml.jackson.core.JsonProcessingException notJson) {
                common.err.println("dsp: " + common.node + " answered HTTP " + r.status()
                        + " with a reply that is not DSP's (is --node the DSP REST root, e.g. http://HOST:8181"
                        + RestClient.DEFAULT_PATH + "?)");
                return r.status() == 404 ? EXIT_NOT_FOUND : 1;
            }
            if (common.json) {
                common.err.print(r.body());
            } else {
                common.err.println("dsp: " + body.path("error").asText("HTTP " + r.status()));
                for (JsonNode e : body.path("errors")) {
                    common.err.println("  " + e.get("path").asText() + ": " + e.get("reason").asText() + " [" + e.get("code").asText() + "]");
                }
            }
            if (r.status() == 401 && !common.json) {
                common.err.println("dsp: log in first: ./dsp login --node " + common.node + " --user NAME (or give --token / $DSP_TOKEN)");
            }
            switch (r.status()) {
                case 401:
                    return EXIT_UNAUTHENTICATED;
                case 403:
                    return EXIT_FORBIDDEN;
                case 400:
                    return DspCli.EXIT_INVALID;
                case 404:
                    return EXIT_NOT_FOUND;
                case 409:
                    return EXIT_CONFLICT;
                default:
                    return 1;
            }
        }

        int print(RestClient.Reply r, java.util.function.Consumer<JsonNode> table) throws Exception {
            int f = failure(r);
            if (f >= 0) {
                return f;
            }
            if (common.json || r.body().isBlank()) {
                common.out.print(r.body());
            } else {
                table.accept(M.readTree(r.body()));
            }
            return 0;
        }
    }

    /** Reads a tenant document file once: its text and the tenant id it names. */
    private record Document(String id, String body) {
        static Document read(Path file) throws Exception {
            String body = Files.readString(file, StandardCharsets.UTF_8);
            return new Document(M.readTree(body).path("tenant").path("id").asText(""), body);
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true, description = "Apply a tenant document (all or nothing).")
    static final class Apply extends Base {
        @Option(names = {"-f", "--file"}, required = true, description = "Tenant document (JSON).")
        Path file;

        @Override
        Integer run(RestClient c) throws Exception {
            Document d = Document.read(file);
            RestClient.Reply r = c.send("PUT", "tenants/" + d.id(), d.body());
            return print(r, j -> common.out.printf("tenant %s applied as version %d (%s); ./dsp status %s%n",
                    j.get("tenant").asText(), j.get("version").asLong(), j.get("state").asText(), j.get("tenant").asText()));
        }
    }

    @Command(name = "dry-run", mixinStandardHelpOptions = true, description = "Show the per-DSN flow changes a document would cause.")
    static final class DryRun extends Base {
        @Option(names = {"-f", "--file"}, required = true, description = "Tenant document (JSON).")
        Path file;

        @Override
        Integer run(RestClient c) throws Exception {
            Document d = Document.read(file);
            RestClient.Reply r = c.send("POST", "tenants/" + d.id() + "/dry-run", d.body());
            return print(r, j -> {
                for (Iterator<Map.Entry<String, JsonNode>> it = j.get("dsns").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    common.out.printf("%s: +%d ~%d -%d%n", e.getKey(), e.getValue().get("adds").size(),
                            e.getValue().get("modifies").size(), e.getValue().get("removes").size());
                    e.getValue().get("removes").forEach(f -> common.out.println("  - " + f.asText()));
                    e.getValue().get("modifies").forEach(f -> common.out.println("  ~ " + f.asText()));
                    e.getValue().get("adds").forEach(f -> common.out.println("  + " + f.asText()));
                }
            });
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print a tenant's stored document.")
    static final class Get extends Base {
        @Parameters(index = "0", description = "Tenant id.")
        String tenant;

        @Override
        Integer run(RestClient c) throws Exception {
            RestClient.Reply r = c.send("GET", "tenants/" + tenant, null);
            int f = failure(r);
            if (f >= 0) {
                return f;
            }
            common.out.print(r.body());
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a tenant (its flows leave every DSN).")
    static final class Delete extends Base {
        @Parameters(index = "0", description = "Tenant id.")
        String tenant;

        @Override
        Integer run(RestClient c) throws Exception {
            RestClient.Reply r = c.send("DELETE", "tenants/" + tenant, null);
            int f = failure(r);
            if (f >= 0) {
                return f;
            }
            common.out.println("tenant " + tenant + " deleted");
            return 0;
        }
    }

    @Command(name = "tenants", mixinStandardHelpOptions = true, description = "List tenants with version and realization.")
    static final class Tenants extends Base {
        @Override
        Integer run(RestClient c) throws Exception {
            return print(c.send("GET", "tenants", null), j -> {
                common.out.printf("%-20s %8s %-10s %s%n", "TENANT", "VERSION", "STATE", "DSNS");
                for (JsonNode t : j.get("tenants")) {
                    common.out.printf("%-20s %8d %-10s %d%n", t.get("tenant").asText(), t.get("version").asLong(),
                            t.get("state").asText(), t.path("dsns").size());
                }
            });
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show a tenant's realization on each DSN, and its load balancers' backend health.")
    static final class Status extends Base {
        @Parameters(index = "0", description = "Tenant id.")
        String tenant;

        @Override
        Integer run(RestClient c) throws Exception {
            int code = print(c.send("GET", "tenants/" + tenant + "/status", null), j -> lines(j).forEach(common.out::println));
            if (code != 0 || common.json) {
                return code;
            }
            // the services' runtime state: a load balancer's backends, up or down
            RestClient.Reply s = c.send("GET", "tenants/" + tenant + "/services", null);
            if (s.status() != 200) {
                return code;
            }
            JsonNode lbs = M.readTree(s.body()).path("services").path("lb");
            for (Iterator<Map.Entry<String, JsonNode>> it = lbs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> lb = it.next();
                common.out.printf("  load balancer %s:%n", lb.getKey());
                for (Iterator<Map.Entry<String, JsonNode>> b = lb.getValue().fields(); b.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = b.next();
                    JsonNode h = e.getValue();
                    common.out.printf("    %-20s %-5s since %s  %s%s%n", e.getKey(), h.path("state").asText(), h.path("since").asText(),
                            h.path("probe").asText(), h.path("lastError").asText().isEmpty() ? "" : "  last error: " + h.path("lastError").asText());
                }
            }
            return code;
        }
    }

    /** The lines {@code dsp status} prints for a tenant's status (REST JSON): the state, why it failed, each DSN and why. */
    static java.util.List<String> lines(JsonNode j) {
        java.util.List<String> out = new java.util.ArrayList<>();
        out.add(String.format("tenant %s version %d: %s", j.get("tenant").asText(), j.get("version").asLong(), j.get("state").asText()));
        if (j.hasNonNull("reason")) {
            out.add("  reason: " + j.get("reason").asText());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = j.get("dsns").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode d = e.getValue();
            out.add(String.format("  %-22s %-10s %5d flow ops %s%s", e.getKey(), d.get("state").asText(), d.get("flowOps").asInt(),
                    d.get("millis").asLong() < 0 ? "" : d.get("millis").asLong() + " ms",
                    d.hasNonNull("reason") ? "  (" + d.get("reason").asText() + ")" : ""));
        }
        return out;
    }

    @Command(name = "dsns", mixinStandardHelpOptions = true, description = "List DSNs with their flow counts.")
    static final class Dsns extends Base {
        @Override
        Integer run(RestClient c) throws Exception {
            return print(c.send("GET", "dsns", null), j -> {
                common.out.printf("%-22s %s%n", "DSN", "FLOWS");
                for (JsonNode d : j.get("dsns")) {
                    common.out.printf("%-22s %d%n", d.get("dsn").asText(), d.get("flows").asInt());
                }
            });
        }
    }

    @Command(name = "flows", mixinStandardHelpOptions = true, description = "Print a tenant's compiled flows per DSN.")
    static final class Flows extends Base {
        @Parameters(index = "0", description = "Tenant id.")
        String tenant;

        @Option(names = "--dsn", description = "Only this DSN.")
        String dsn;

        @Override
        Integer run(RestClient c) throws Exception {
            String q = dsn == null ? "" : "?dsn=" + java.net.URLEncoder.encode(dsn, StandardCharsets.UTF_8);
            return print(c.send("GET", "tenants/" + tenant + "/flows" + q, null), j -> {
                for (Iterator<Map.Entry<String, JsonNode>> it = j.get("dsns").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    common.out.println("# dsn " + e.getKey());
                    e.getValue().forEach(f -> common.out.println(f.asText()));
                    common.out.println("# dsn " + e.getKey() + ": " + e.getValue().size() + " flows");
                }
            });
        }
    }
}
