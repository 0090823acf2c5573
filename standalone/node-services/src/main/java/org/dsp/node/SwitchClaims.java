package org.dsp.node;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Which datapath ids a switch certificate may claim (OpenFlow over TLS). By default a certificate
 * may claim exactly the datapath id its subject CN names (16 hex digits, e.g.
 * {@code CN=0000000000000001}); with {@code --switch-claims FILE}, exactly the ids the file lists
 * for its CN (lines {@code CN DPID[,DPID...]}, {@code #} comments; DPIDs as 16 hex digits or
 * {@code of:...}), and nothing for a CN it does not list.
 */
final class SwitchClaims implements BiPredicate<X509Certificate, String> {
    private final Map<String, Set<String>> byCn;

    private SwitchClaims(Map<String, Set<String>> byCn) {
        this.byCn = byCn;
    }

    /** The CN rule (null file) or the file's table; a malformed line names the file, the line and why. */
    static SwitchClaims from(File file) {
        if (file == null) {
            return new SwitchClaims(null);
        }
        Map<String, Set<String>> m = new HashMap<>();
        try {
            int n = 0;
            for (String raw : Files.readAllLines(file.toPath())) {
                n++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                if (space <= 0) {
                    throw new IllegalArgumentException("--switch-claims " + file + " line " + n + ": want 'CN DPID[,DPID...]'");
                }
                Set<String> ids = m.computeIfAbsent(line.substring(0, space).strip(), k -> new HashSet<>());
                for (String id : line.substring(space + 1).split(",")) {
                    ids.add(dpid(id.strip(), file, n));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--switch-claims " + file + ": " + e.getMessage(), e);
        }
        return new SwitchClaims(m);
    }

    private static String dpid(String id, File file, int line) {
        String hex = id.toLowerCase(Locale.ROOT).startsWith("of:") ? id.substring(3) : id;
        if (!hex.matches("[0-9a-fA-F]{16}")) {
            throw new IllegalArgumentException("--switch-claims " + file + " line " + line + ": '" + id
                    + "' is not a datapath id (16 hex digits, or of:...)");
        }
        return hex.toLowerCase(Locale.ROOT);
    }

    /** The subject CN of a certificate, or null. */
    static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    @Override
    public boolean test(X509Certificate cert, String deviceId) {
        String cn = commonName(cert);
        if (cn == null || !deviceId.startsWith("of:")) {
            return false;
        }
        String dpid = deviceId.substring(3).toLowerCase(Locale.ROOT);
        if (byCn == null) {
            return cn.equalsIgnoreCase(dpid);
        }
        return byCn.getOrDefault(cn, Set.of()).contains(dpid);
    }
}
