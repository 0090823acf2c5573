package org.dsp.itests.karaf;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An unpacked Apache Karaf 4.2.9 made ready for the test: every listener on loopback at a free
 * port, Maven resolution offline from its system repository only (which the build filled), the
 * standalone node's options for the ONOS-services stand-in, and what Karaf 4.2.9 needs on Java 17
 * (ONOS 2.7 runs it on Java 11): the Java 17 execution environment and system packages, and
 * overrides for the two bundles that read class files with an ASM too old for Java 17's.
 */
final class KarafHome {
    final Path home;
    final int ssh;
    final int http;
    final Path nodeData;

    KarafHome(Path home) throws IOException {
        this.home = home;
        this.ssh = freePort();
        this.http = freePort();
        this.nodeData = home.resolve("dsp-node-data");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Path etc(String name) {
        return home.resolve("etc").resolve(name);
    }

    private void set(String file, String key, String value) throws IOException {
        Path p = etc(file);
        String text = Files.exists(p) ? Files.readString(p) : "";
        // the key's whole value, continuation lines (ending in a backslash) included
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + "\\s*[=:](?:.*\\\\\\R)*.*$").matcher(text);
        String line = key + " = " + value;
        text = m.find() ? text.substring(0, m.start()) + line + text.substring(m.end()) : text + "\n" + line + "\n";
        Files.writeString(p, text);
    }

    /** Writes the configuration (idempotent: a run over an earlier one's files sets the same values). */
    void configure() throws IOException {
        deleteTree(home.resolve("data")); // a fresh framework each run (no bundle cache of an earlier run)
        deleteTree(nodeData);
        set("org.apache.karaf.shell.cfg", "sshHost", "127.0.0.1");
        set("org.apache.karaf.shell.cfg", "sshPort", String.valueOf(ssh));
        set("org.apache.karaf.management.cfg", "rmiRegistryHost", "127.0.0.1");
        set("org.apache.karaf.management.cfg", "rmiRegistryPort", String.valueOf(freePort()));
        set("org.apache.karaf.management.cfg", "rmiServerHost", "127.0.0.1");
        set("org.apache.karaf.management.cfg", "rmiServerPort", String.valueOf(freePort()));
        // pax-web as ONOS configures it (port 8181 there), on loopback
        set("org.ops4j.pax.web.cfg", "org.osgi.service.http.port", String.valueOf(http));
        set("org.ops4j.pax.web.cfg", "org.ops4j.pax.web.listening.addresses", "127.0.0.1");
        // Jetty's JAAS login services (realm "karaf") come from the jetty.xml that pax-web's feature installs
        set("org.ops4j.pax.web.cfg", "org.ops4j.pax.web.config.file", "${karaf.etc}/jetty.xml");
        set("org.ops4j.pax.web.cfg", "javax.servlet.context.tempdir", "${karaf.data}/pax-web-jsp");
        // offline: the system repository (Karaf's own bundles, the build's copies, the .oar files' m2/) and nothing else
        set("org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", "");
        set("org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.defaultRepositories",
                "file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots");
        set("org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", home.resolve("no-local-repository").toString());
        // Java 17: Karaf 4.2.9 knows execution environments up to 11
        set("jre.properties", "jre-17", "${jre-11}");
        set("config.properties", "eecap-17", "osgi.ee; osgi.ee=\"OSGi/Minimum\"; version:List<Version>=\"1.0,1.1,1.2\", "
                + "osgi.ee; osgi.ee=\"JavaSE\"; version:List<Version>=\"1.0,1.1,1.2,1.3,1.4,1.5,1.6,1.7,1.8,9.0,10.0,11.0,12.0,13.0,"
                + "14.0,15.0,16.0,17.0\", osgi.ee; osgi.ee=\"JRE\"; version:List<Version>=\"1.0,1.1\"");
        // the node's own REST server (the stand-in's) uses the JDK's HTTP server
        set("config.properties", "org.osgi.framework.system.packages.extra", "org.apache.karaf.branding, sun.misc, "
                + "com.sun.jmx.remote.protocol, com.sun.jmx.remote.protocol.jmxmp, com.sun.net.httpserver, com.sun.net.httpserver.spi, "
                + "org.apache.karaf.jaas.boot.principal;uses:=javax.security.auth;version=4.2.9, "
                + "org.apache.karaf.jaas.boot;uses:=\"javax.security.auth,javax.security.auth.callback,javax.security.auth.login,"
                + "javax.security.auth.spi,org.osgi.framework\";version=4.2.9, "
                + "org.apache.karaf.diagnostic.core;uses:=org.osgi.framework;version=4.2.9, "
                + "org.apache.karaf.diagnostic.core.common;uses:=org.apache.karaf.diagnostic.core;version=4.2.9");
        Files.writeString(etc("overrides.properties"), String.join("\n",
                "mvn:org.apache.aries.spifly/org.apache.aries.spifly.dynamic.bundle/1.3.4;range=\"[1.2,2)\"",
                "mvn:org.apache.xbean/xbean-finder/4.20;range=\"[4.17,5)\"",
                "mvn:org.apache.xbean/xbean-bundleutils/4.20;range=\"[4.17,5)\"",
                "mvn:org.apache.xbean/xbean-reflect/4.20;range=\"[4.17,5)\"", ""));
        // the ONOS-services stand-in (DSP's standalone node services): OpenFlow and its own REST on loopback, free ports
        set("system.properties", "dsp.node.openflow", "127.0.0.1:" + freePort());
        set("system.properties", "dsp.node.rest", "127.0.0.1:" + freePort());
        set("system.properties", "dsp.node.data-dir", nodeData.toString());
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
