package org.dsp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Users, logins, tokens and the audit log over REST ({@code ./dsp login}, {@code users}, {@code audit}, ...). */
final class AuthCommands {
    private AuthCommands() {
    }

    /** Reads a password: the first line of a file, of stdin ({@code -}), or from the console. */
    static String password(Path file, String prompt) throws Exception {
        if (file != null) {
            List<String> lines = "-".equals(file.toString())
                    ? List.of(new String(System.in.readAllBytes(), StandardCharsets.UTF_8).split("\n", 2)[0])
                    : Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : lines.get(0).trim();
        }
        if (System.console() == null) {
            throw new IllegalArgumentException("no console to read the password from: give --password-file FILE (or - for stdin)");
        }
        return new String(System.console().readPassword(prompt));
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Command(name = "login", mixinStandardHelpOptions = true,
            description = "Log in to a node: get an API token with the user's password and save it for later commands.")
    static final class Login extends NodeCommands.Base {
        @Option(names = {"-u", "--user"}, required = true, description = "User name (the first start creates 'admin').")
        String user;

        @Option(names = "--password-file", description = "Read the password from this file's first line (- for stdin); "
                + "default: ask on the console.")
        Path passwordFile;

        @Option(names = "--ttl", description = "Token lifetime in seconds (default: the node's, 12 h; at most 30 days).")
        Long ttl;

        @Option(names = "--print-token", description = "Print the token instead of saving it (for scripts: export DSP_TOKEN=...).")
        boolean printToken;

        @Override
        Integer run(RestClient c) throws Exception {
            String body = ttl == null ? "{}" : "{\"ttlSeconds\": " + ttl + "}";
            RestClient.Reply r = c.as(basic(user, password(passwordFile, "password for " + user + ": "))).send("POST", "auth/login", body);
            int f = failure(r);
            if (f >= 0) {
                return f;
            }
            JsonNode j = NodeCommands.M.readTree(r.body());
            if (printToken) {
                common.out.println(j.get("token").asText());
                return 0;
            }
            ObjectNode saved = NodeCommands.M.createObjectNode().put("user", user).put("token", j.get("token").asText())
                    .put("id", j.get("id").asText()).put("expires", j.get("expires").asText());
            CliCredentials.save(common.credentialsFile(), c.base().toString(), saved);
            common.out.printf("logged in to %s as %s; token %s expires %s (saved in %s)%n", c.base(), user, j.get("id").asText(),
                    j.get("expires").asText(), common.credentialsFile());
            return 0;
        }
    }

    @Command(name = "logout", mixinStandardHelpOptions = true, description = "Revoke the saved token of --node and forget it.")
    static final class Logout extends NodeCommands.Base {
        @Override
        Integer run(RestClient c) throws Exception {
            JsonNode e = CliCredentials.entry(common.credentialsFile(), c.base().toString());
            if (e == null) {
                common.err.println("dsp: no saved login for " + c.base());
                return 1;
            }
            RestClient.Reply r = c.send("DELETE", "auth/tokens/" + e.path("id").asText(), null);
            CliCredentials.save(common.credentialsFile(), c.base().toString(), null);
            if (r.status() != 204 && r.status() != 401 && r.status() != 404) {
                return failure(r);
            }
            common.out.println("logged out of " + c.base());
            return 0;
        }
    }

    @Command(name = "whoami", mixinStandardHelpOptions = true, description = "Show the logged-in user and its roles.")
    static final class WhoAmI extends NodeCommands.Base {
        @Override
        Integer run(RestClient c) throws Exception {
            return print(c.send("GET", "whoami", null), j -> common.out.println(describe(j) + " from " + j.path("from").asText()));
        }
    }

    static String describe(JsonNode u) {
        List<String> parts = new ArrayList<>();
        u.path("roles").forEach(r -> parts.add(r.asText()));
        if (u.path("tenantAdmin").size() > 0) {
            parts.add("tenant-admin of " + join(u.path("tenantAdmin")));
        }
        if (u.path("tenantViewer").size() > 0) {
            parts.add("tenant-viewer of " + join(u.path("tenantViewer")));
        }
        return u.path("name").asText() + ": " + (parts.isEmpty() ? "no role" : String.join("; ", parts));
    }

    private static String join(JsonNode a) {
        List<String> s = new ArrayList<>();
        a.forEach(x -> s.add(x.asText()));
        return String.join(",", s);
    }

    @Command(name = "users", mixinStandardHelpOptions = true, description = "List users, or set or delete one.",
            subcommands = {UserSet.class, UserDelete.class})
    static final class Users extends NodeCommands.Base {
        @Override
        Integer run(RestClient c) throws Exception {
            return print(c.send("GET", "users", null), j -> j.path("users").forEach(u -> common.out.println(describe(u))));
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = "Create a user or replace its roles (platform admins); on the node, also set its password.")
    static final class UserSet extends NodeCommands.Base {
        @Parameters(index = "0", description = "User name.")
        String name;

        @Option(names = "--role", split = ",", description = "platform-admin and/or auditor.")
        List<String> roles = new ArrayList<>();

        @Option(names = "--tenant-admin", split = ",", description = "Tenants it administers.")
        List<String> admin = new ArrayList<>();

        @Option(names = "--tenant-viewer", split = ",", description = "Tenants it views.")
        List<String> viewer = new ArrayList<>();

        @Option(names = "--password-file", description = "Also set its password (node only) from this file's first line (- for stdin).")
        Path passwordFile;

        @Override
        Integer run(RestClient c) throws Exception {
            ObjectNode u = NodeCommands.M.createObjectNode();
            roles.forEach(u.putArray("roles")::add);
            admin.forEach(u.putArray("tenantAdmin")::add);
            viewer.forEach(u.putArray("tenantViewer")::add);
            int code = print(c.send("PUT", "users/" + name, u.toString()), j -> common.out.println("user " + describe(j)));
            if (code != 0 || passwordFile == null) {
                return code;
            }
            return new Passwd().with(common, name, passwordFile).run(c);
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a user (its tokens stop working).")
    static final class UserDelete extends NodeCommands.Base {
        @Parameters(index = "0", description = "User name.")
        String name;

        @Override
        Integer run(RestClient c) throws Exception {
            RestClient.Reply r = c.send("DELETE", "users/" + name, null);
            int f = failure(r);
            if (f >= 0) {
                return f;
            }
            common.out.println("user " + name + " deleted");
            return 0;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Set a password on the node: your own, or any user's as a platform admin (the user's tokens are revoked).")
    static final class Passwd extends NodeCommands.Base {
        @Parameters(index = "0", arity = "0..1", description = "User (default: the logged-in one).")
        String user;

        @Option(names = "--password-file", description = "Read the new password from this file's first line (- for stdin).")
        Path passwordFile;

        @Option(names = "--current-password-file", description = "Your current password (needed to change your own), "
                + "from this file's first line; default: ask on the console.")
        Path currentFile;

        Passwd with(NodeCommands.Common c, String u, Path file) {
            common = c;
            user = u;
            passwordFile = file;
            return this;
        }

        @Override
        Integer run(RestClient c) throws Exception {
            RestClient.Reply me = c.send("GET", "whoami", null);
            int fail = failure(me);
            if (fail >= 0) {
                return fail;
            }
            String self = NodeCommands.M.readTree(me.body()).path("name").asText();
            String who = user == null ? self : user;
            ObjectNode body = NodeCommands.M.createObjectNode();
            if (who.equals(self)) {
                body.put("currentPassword", password(currentFile, "current password of " + who + ": "));
            }
            body.put("password", password(passwordFile, "new password for " + who + ": "));
            RestClient.Reply r = c.send("PUT", "auth/passwords/" + who, body.toString());
            int f = failure(r);
            if (f >= 0) {
                return f;
            }
            common.out.println("password of " + who + " set (its tokens were revoked)");
            return 0;
        }
    }

    @Command(name = "tokens", mixinStandardHelpOptions = true, description = "List live API tokens (yours; --user as a platform admin).")
    static final class Tokens extends NodeCommands.Base {
        @Option(names = "--user", description = "Whose tokens (* for everyone's).")
        String user;

        @Override
        Integer run(RestClient c) throws Exception {
            String q = user == null ? "" : "?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
            return print(c.send("GET", "auth/tokens" + q, null), j -> {
                common.out.printf("%-14s %-16s %-26s %s%n", "ID", "USER", "CREATED", "EXPIRES");
                j.path("tokens").forEach(t -> common.out.printf("%-14s %-16s %-26s %s%n", t.path("id").asText(),
                        t.path("user").asText(), t.path("created").asText(), t.path("expires").asText()));
            });
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "Print the audit log, newest first: changes accepted and refused, logins, security events.")
    static final class Audit extends NodeCommands.Base {
        @Option(names = "--tenant", description = "Only this tenant.")
        String tenant;

        @Option(names = "--actor", description = "Only this user ('node' for the node's own events).")
        String actor;

        @Option(names = "--kind", description = "Only kinds starting so: tenant., login, user., security.")
        String kind;

        @Option(names = "--limit", description = "At most this many (default ${DEFAULT-VALUE}, at most 1000).")
        int limit = 50;

        @Override
        Integer run(RestClient c) throws Exception {
            StringBuilder q = new StringBuilder("audit?limit=" + limit);
            NodeCommands.query(q, "tenant", tenant);
            NodeCommands.query(q, "actor", actor);
            NodeCommands.query(q, "kind", kind);
            return print(c.send("GET", q.toString(), null), j -> {
                for (JsonNode e : j.path("entries")) {
                    common.out.printf("#%-6d %s %-10s %-16s %-26s %-10s v%-4d %s: %s%n", e.path("seq").asLong(),
                            Instant.ofEpochMilli(e.path("time").asLong()), e.path("actor").asText(), e.path("from").asText(),
                            e.path("kind").asText(), e.path("tenant").isNull() ? "-" : e.path("tenant").asText(),
                            e.path("version").asLong(), e.path("result").asText(), e.path("summary").asText());
                }
            });
        }
    }
}
