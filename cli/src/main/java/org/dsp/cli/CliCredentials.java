package org.dsp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The tokens {@code ./dsp login} saved, one per node (keyed by its REST root), in a JSON file
 * readable by its owner only: {@code $DSP_CREDENTIALS}, else {@code ~/.config/dsp/credentials.json}.
 */
final class CliCredentials {
    private static final ObjectMapper M = new ObjectMapper();

    private CliCredentials() {
    }

    /** The file: {@code option}, else $DSP_CREDENTIALS, else ~/.config/dsp/credentials.json. */
    static Path file(Path option) {
        if (option != null) {
            return option;
        }
        String env = System.getenv("DSP_CREDENTIALS");
        return env != null && !env.isBlank() ? Path.of(env)
                : Path.of(System.getProperty("user.home"), ".config", "dsp", "credentials.json");
    }

    private static ObjectNode read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return M.createObjectNode();
        }
        JsonNode n = M.readTree(file.toFile());
        return n instanceof ObjectNode ? (ObjectNode) n : M.createObjectNode();
    }

    /** The saved token for {@code root}, or null. */
    static String token(Path file, String root) throws IOException {
        JsonNode e = read(file).path(root);
        return e.hasNonNull("token") ? e.get("token").asText() : null;
    }

    /** The saved login for {@code root} (user, token, id, expires), or null. */
    static JsonNode entry(Path file, String root) throws IOException {
        JsonNode e = read(file).get(root);
        return e == null || e.isNull() ? null : e;
    }

    /** Saves {@code login} for {@code root} (or removes it when null), keeping the file owner-only. */
    static void save(Path file, String root, JsonNode login) throws IOException {
        ObjectNode all = read(file);
        if (login == null) {
            all.remove(root);
        } else {
            all.set(root, login);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path tmp = Files.createTempFile(dir, ".credentials", ".tmp", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, M.writerWithDefaultPrettyPrinter().writeValueAsString(all) + "\n");
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
