package org.dsp.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.dsp.app.api.Identity;
import org.dsp.app.api.IdentityService;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.Versioned;

/**
 * The node's credentials, in its durable store: each user's password as a bcrypt hash (Bouncy
 * Castle's OpenBSDBCrypt, cost {@value #COST}) and API tokens, kept only as their SHA-256 (a
 * token is 32 random bytes, shown once when issued), each with its user, id and expiry. Users and
 * roles themselves are DSP's ({@link IdentityService}): a token of a user that no longer exists
 * authenticates nobody.
 */
final class Credentials {
    static final String PASSWORDS = "dsp-node-passwords";
    static final String TOKENS = "dsp-node-tokens";
    /** bcrypt's cost: 2^11 rounds, about 0.1 s on these machines. */
    static final int COST = 11;
    /** The shortest password accepted. */
    static final int MIN_PASSWORD = 12;
    /** bcrypt reads at most 72 bytes of a password. */
    static final int MAX_PASSWORD_BYTES = 72;
    /** A token's lifetime unless asked otherwise, and the longest one. */
    static final Duration DEFAULT_TTL = Duration.ofHours(12);
    static final Duration MAX_TTL = Duration.ofDays(30);
    /** How long a verified password is remembered (so BASIC on every request does not run bcrypt every time). */
    static final long VERIFIED_MILLIS = 60_000;
    /** Where the bootstrap admin's password is written on first start, readable by the node's user only. */
    static final String BOOTSTRAP_FILE = "bootstrap-admin.secret";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final ConsistentMap<String, String> passwords;
    private final ConsistentMap<String, String> tokens;
    /** SHA-256 of (user, password, stored hash) -> until when it is known good. */
    private final Map<String, Long> verified = new ConcurrentHashMap<>();

    /** A token just issued: the secret (shown once), its id and expiry. */
    static final class Issued {
        final String token;
        final String id;
        final long expires;

        Issued(String token, String id, long expires) {
            this.token = token;
            this.id = id;
            this.expires = expires;
        }
    }

    /** A stored token (never its secret). */
    static final class TokenInfo {
        final String id;
        final String user;
        final long created;
        final long expires;

        TokenInfo(String id, String user, long created, long expires) {
            this.id = id;
            this.user = user;
            this.created = created;
            this.expires = expires;
        }
    }

    Credentials(StorageService storage) {
        passwords = storage.<String, String>consistentMapBuilder().withName(PASSWORDS)
                .withSerializer(Serializer.forTypes(String.class)).build();
        tokens = storage.<String, String>consistentMapBuilder().withName(TOKENS)
                .withSerializer(Serializer.forTypes(String.class)).build();
    }

    /** Checks a new password: 12 characters at least, 72 bytes at most (bcrypt's limit). */
    static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw new IllegalArgumentException("password: must have at least " + MIN_PASSWORD + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new IllegalArgumentException("password: must have at most " + MAX_PASSWORD_BYTES + " bytes (bcrypt reads no more)");
        }
    }

    /** Sets a user's password (hashed with a fresh salt) and revokes its tokens. */
    void setPassword(String user, String password) {
        checkPassword(password);
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        passwords.put(user, OpenBSDBCrypt.generate(password.toCharArray(), salt, COST));
        revokeAll(user);
    }

    /** A hash no password matches: checked for unknown users, so a refusal takes as long whether the user exists or not. */
    private final String dummy = OpenBSDBCrypt.generate("no user has this password".toCharArray(), new byte[16], COST);
    /** At most this many bcrypt checks at once, so failed logins cannot take every REST thread's CPU. */
    private final java.util.concurrent.Semaphore hashing = new java.util.concurrent.Semaphore(2);

    /** Whether {@code password} is {@code user}'s. */
    boolean verify(String user, String password) {
        Versioned<String> stored = user == null ? null : passwords.get(user);
        if (password == null || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            return false;
        }
        if (stored == null) {
            check(dummy, password);
            return false;
        }
        Versioned<String> hash = stored;
        String key = sha256(user + '\0' + password + '\0' + hash.value());
        Long until = verified.get(key);
        long now = System.currentTimeMillis();
        if (until != null && until > now) {
            return true;
        }
        boolean ok = check(hash.value(), password);
        if (ok) {
            if (verified.size() > 10_000) {
                verified.clear();
            }
            verified.put(key, now + VERIFIED_MILLIS);
        }
        return ok;
    }

    private boolean check(String hash, String password) {
        try {
            hashing.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            return OpenBSDBCrypt.checkPassword(hash, password.toCharArray());
        } catch (IllegalArgumentException bad) {
            return false;
        } finally {
            hashing.release();
        }
    }

    /**
     * Forgets the passwords and tokens of users that no longer exist (a removal whose clean-up was
     * cut short by a crash), so a new user of the same name inherits nothing.
     */
    void dropOrphans(IdentityService identities) {
        for (String user : new java.util.ArrayList<>(passwords.keySet())) {
            if (identities.identity(user) == null) {
                forget(user);
            }
        }
        for (Map.Entry<String, Versioned<String>> e : tokens.entrySet()) {
            if (identities.identity(info(e.getValue().value()).user) == null) {
                tokens.remove(e.getKey());
            }
        }
    }

    /** Forgets a user's password and tokens. */
    void forget(String user) {
        passwords.remove(user);
        revokeAll(user);
    }

    /** Issues a token for {@code user} living {@code ttl} (at most {@link #MAX_TTL}). */
    Issued issue(String user, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttlSeconds: must be 1.." + MAX_TTL.toSeconds());
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = "dsp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String hash = sha256(token);
        long now = System.currentTimeMillis();
        long expires = now + ttl.toMillis();
        String id = hash.substring(0, 12);
        tokens.put(hash, MAPPER.createObjectNode().put("user", user).put("id", id).put("created", now)
                .put("expires", expires).toString());
        return new Issued(token, id, expires);
    }

    /** Returns the user a token belongs to, or null when it is unknown, revoked or expired. */
    String user(String token) {
        if (token == null || !token.startsWith("dsp_") || token.length() > 100) {
            return null;
        }
        String hash = sha256(token);
        Versioned<String> v = tokens.get(hash);
        if (v == null) {
            return null;
        }
        TokenInfo t = info(v.value());
        if (t.expires <= System.currentTimeMillis()) {
            tokens.remove(hash);
            return null;
        }
        return t.user;
    }

    /** Returns the live tokens of {@code user} (null: of everyone), dropping expired ones. */
    List<TokenInfo> tokens(String user) {
        List<TokenInfo> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Map.Entry<String, Versioned<String>> e : tokens.entrySet()) {
            TokenInfo t = info(e.getValue().value());
            if (t.expires <= now) {
                tokens.remove(e.getKey());
            } else if (user == null || user.equals(t.user)) {
                out.add(t);
            }
        }
        out.sort(java.util.Comparator.comparingLong(t -> t.created));
        return out;
    }

    /** Revokes the token with id {@code id} of user {@code onlyOf} (null: anyone's); returns its user, or null when there was none. */
    String revoke(String id, String onlyOf) {
        for (Map.Entry<String, Versioned<String>> e : tokens.entrySet()) {
            TokenInfo t = info(e.getValue().value());
            if (t.id.equals(id) && (onlyOf == null || onlyOf.equals(t.user))) {
                tokens.remove(e.getKey());
                return t.user;
            }
        }
        return null;
    }

    /** Revokes every token of {@code user}; returns how many. */
    int revokeAll(String user) {
        int n = 0;
        for (Map.Entry<String, Versioned<String>> e : tokens.entrySet()) {
            if (info(e.getValue().value()).user.equals(user)) {
                tokens.remove(e.getKey());
                n++;
            }
        }
        return n;
    }

    /**
     * On the first start (no user at all): creates the platform admin {@code admin} with a random
     * password, writes it to {@code <data-dir>/bootstrap-admin.secret} (mode 0600) and returns it;
     * returns null when users exist.
     */
    String bootstrap(IdentityService identities, File dataDir) throws IOException {
        if (!identities.identities().isEmpty()) {
            return null;
        }
        byte[] b = new byte[18];
        random.nextBytes(b);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Path file = dataDir.toPath().resolve(BOOTSTRAP_FILE);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, secret + "\n");
        setPassword("admin", secret);
        identities.put(Identity.platformAdmin("admin"));
        return secret;
    }

    private static TokenInfo info(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            return new TokenInfo(n.path("id").asText(), n.path("user").asText(), n.path("created").asLong(), n.path("expires").asLong());
        } catch (IOException e) {
            throw new IllegalStateException("unreadable token record", e);
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
