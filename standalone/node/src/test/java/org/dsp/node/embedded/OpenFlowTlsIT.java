package org.dsp.node.embedded;

import static org.dsp.node.openflow.Ovs.flowCount;
import static org.dsp.node.openflow.Ovs.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.dsp.app.api.AuditEntry;
import org.dsp.node.NodeOptions;
import org.dsp.node.openflow.Ovs;
import org.dsp.node.openflow.ScriptedSwitch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenFlow over TLS with switch certificates: Open vSwitch connects with {@code ssl:} (its key and
 * certificate set by {@code ovs-vsctl set-ssl}, signed by the test's CA) and gets its program; a
 * client with no certificate, with a self-signed one naming the DSN, or with a CA-signed one for
 * another datapath id cannot take the DSN's id (each refused and audited as
 * {@code security.switch-certificate-refused}), while that other certificate is accepted for its own
 * id. Certificates are made with openssl here.
 */
class OpenFlowTlsIT {
    static final String PASS = "test-keystore-pass";
    final String br = "dspt" + (ProcessHandle.current().pid() % 100000);
    @TempDir
    Path dir;

    private void openssl(String... args) throws Exception {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        sh(cmd);
    }

    /** A key and a certificate with subject CN {@code cn}, signed by the CA (or self-signed), and its PKCS#12. */
    private void certificate(String name, String cn, boolean byCa) throws Exception {
        String key = dir.resolve(name + ".key").toString();
        String pem = dir.resolve(name + ".pem").toString();
        if (byCa) {
            openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out",
                    dir.resolve(name + ".csr").toString(), "-subj", "/CN=" + cn);
            openssl("x509", "-req", "-in", dir.resolve(name + ".csr").toString(), "-CA", dir.resolve("ca.pem").toString(),
                    "-CAkey", dir.resolve("ca.key").toString(), "-CAcreateserial", "-out", pem, "-days", "2");
        } else {
            openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", pem,
                    "-subj", "/CN=" + cn, "-days", "2");
        }
        openssl("pkcs12", "-export", "-inkey", key, "-in", pem, "-out", dir.resolve(name + ".p12").toString(), "-passout", "pass:" + PASS);
    }

    @BeforeEach
    void pki() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                dir.resolve("ca.key").toString(), "-out", dir.resolve("ca.pem").toString(), "-subj", "/CN=dsp-test-ca", "-days", "2");
        certificate("node", "dsp-node", true);
        certificate("dsn1", "0000000000000001", true);
        certificate("dsn2", "0000000000000002", true);
        certificate("rogue1", "0000000000000001", false);
        Files.writeString(dir.resolve("pass"), PASS + "\n");
        Ovs.bridge(br, "0000000000000001", 1, 2, 3, 4);
    }

    @AfterEach
    void cleanup() throws Exception {
        Ovs.deleteBridge(br);
        sh("ovs-vsctl", "--timeout=10", "del-ssl");
    }

    /** A TLS client socket to the node presenting {@code p12}'s certificate (null: none), trusting the test CA. */
    private SSLSocket client(int port, String p12) throws Exception {
        KeyManagerFactory kmf = null;
        if (p12 != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(dir.resolve(p12 + ".p12"))) {
                ks.load(in, PASS.toCharArray());
            }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASS.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
            trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        return s;
    }

    /** Whether a scripted switch claiming {@code dpid} over {@code socket} was refused (closed without a connection). */
    private static boolean refused(DspNode node, java.util.concurrent.Callable<java.net.Socket> socket, long dpid) throws Exception {
        try (ScriptedSwitch sw = new ScriptedSwitch(socket.call(), dpid)) {
            assertTrue(sw.awaitClosed(10_000), "closed");
            return !sw.received().contains(ScriptedSwitch.FLOW_MOD);
        } catch (java.io.IOException handshakeFailed) {
            return true; // refused during the TLS handshake
        } finally {
            assertFalse(node.openflow().isConnected(String.format("of:%016x", dpid)), "not connected as " + dpid);
        }
    }

    @Test
    void onlyACertificateThatMayClaimTheDatapathIdConnects() throws Exception {
        NodeOptions o = NodeOptions.builder().dataDir(dir.resolve("node").toFile()).openflow(new InetSocketAddress("127.0.0.1", 0))
                .rest("127.0.0.1", 0).auditMillis(0).openflowTls(dir.resolve("node.p12").toFile())
                .openflowCa(dir.resolve("ca.pem").toFile()).tlsPassword(PASS.toCharArray()).build();
        try (DspNode node = DspNode.start(o)) {
            int port = node.openflowPort();
            assertTrue(refused(node, () -> new java.net.Socket("127.0.0.1", port), 1), "plain TCP");
            assertTrue(refused(node, () -> client(port, null), 1), "TLS without a certificate");
            assertTrue(refused(node, () -> client(port, "rogue1"), 1), "a self-signed certificate naming the DSN");
            assertTrue(refused(node, () -> client(port, "dsn2"), 1), "the CA's certificate of another datapath id");
            // that certificate is good for its own id
            try (ScriptedSwitch dsn2 = new ScriptedSwitch(client(port, "dsn2"), 2)) {
                Ovs.await("of:...02 connected over TLS", 10_000, () -> node.openflow().isConnected("of:0000000000000002"));
                assertTrue(dsn2.awaitHandshake(10_000));
            }
            Ovs.await("the refusals in the audit log", 10_000, () -> {
                List<AuditEntry> refusals = node.tenants().audit().newest(100, e -> e.kind().equals("security.switch-certificate-refused"));
                return refusals.stream().anyMatch(e -> e.summary().contains("claiming of:0000000000000001: its certificate (CN=0000000000000002)"))
                        && refusals.stream().anyMatch(e -> e.summary().contains("TLS handshake"));
            });
            // the real switch: Open vSwitch with its CA-signed certificate over ssl:
            sh("ovs-vsctl", "--timeout=10", "set-ssl", dir.resolve("dsn1.key").toString(), dir.resolve("dsn1.pem").toString(),
                    dir.resolve("ca.pem").toString());
            sh("ovs-vsctl", "--timeout=10", "set-controller", br, "ssl:127.0.0.1:" + port);
            Ovs.await("the DSN to connect over TLS", 30_000, () -> node.openflow().isConnected("of:0000000000000001"));
            node.tenants().apply(node.tenants().parse(Files.readString(Path.of("../../examples/three-tier.json"))));
            Ovs.await("acme INSTALLED over TLS", 30_000, () -> node.tenants().status("acme") != null
                    && node.tenants().status("acme").dsns().get(org.onosproject.net.DeviceId.deviceId("of:0000000000000001")) != null
                    && node.tenants().status("acme").dsns().get(org.onosproject.net.DeviceId.deviceId("of:0000000000000001")).state()
                    == org.dsp.app.api.RealizationState.INSTALLED);
            int program = node.tenants().dsnFlowCounts().get(org.onosproject.net.DeviceId.deviceId("of:0000000000000001")) + 2;
            assertEquals(program, flowCount(br), "the bridge holds its program, sent over TLS");
            // impostors of the connected DSN, with another DSN's certificate and with none: nothing; the real switch keeps its id
            java.net.SocketAddress real = node.openflow().switchOf("of:0000000000000001").remoteAddress();
            try (ScriptedSwitch impostor = new ScriptedSwitch(client(port, "dsn2"), 1)) {
                assertTrue(impostor.awaitClosed(10_000), "the impostor is closed");
                assertFalse(impostor.received().contains(ScriptedSwitch.FLOW_MOD), "and got no program");
                assertEquals(0, impostor.flowReads());
            }
            try (java.net.Socket plain = new java.net.Socket("127.0.0.1", port); ScriptedSwitch impostor = new ScriptedSwitch(plain, 1)) {
                assertTrue(impostor.awaitClosed(10_000));
                assertFalse(impostor.received().contains(ScriptedSwitch.FLOW_MOD), "no program over a failed handshake");
            }
            assertEquals(real, node.openflow().switchOf("of:0000000000000001").remoteAddress(), "the real switch holds its id");
            assertEquals(program, flowCount(br), "and its program");
        }
    }
}
