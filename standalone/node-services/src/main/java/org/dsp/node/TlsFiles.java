package org.dsp.node;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** TLS material from files: the node's key and certificate (PKCS#12) and the CA certificates it trusts (PEM). */
final class TlsFiles {
    private TlsFiles() {
    }

    /** Loads a PKCS#12 keystore, naming the file in the error when it cannot. */
    static KeyStore keystore(File p12, char[] password) {
        try (InputStream in = Files.newInputStream(p12.toPath())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(p12 + ": cannot read a PKCS#12 keystore with the given password: " + e.getMessage(), e);
        }
    }

    /** A keystore holding the certificates of a PEM file (one or more CA certificates). */
    static KeyStore trusted(File pem) {
        try (InputStream in = Files.newInputStream(pem.toPath())) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            if (i == 0) {
                throw new IllegalArgumentException(pem + ": no certificate in it");
            }
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(pem + ": cannot read PEM certificates: " + e.getMessage(), e);
        }
    }

    /**
     * A TLS context that presents the keystore's key and certificate and, when {@code clientCa} is
     * given, trusts client certificates signed by it (TLS 1.2 and 1.3 only).
     */
    static SSLContext serverContext(File p12, char[] password, File clientCa) {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keystore(p12, password), password);
            TrustManagerFactory tmf = null;
            if (clientCa != null) {
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trusted(clientCa));
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(p12 + ": cannot make a TLS context: " + e.getMessage(), e);
        }
    }
}
