package org.dsp.itests.karaf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Karaf server process started with {@code bin/karaf server} (as ONOS's service script starts
 * it) and its console reached with Karaf's own client, {@code bin/client}, over SSH on loopback.
 */
final class Karaf implements AutoCloseable {
    private final KarafHome home;
    private final Process server;

    private Karaf(KarafHome home, Process server) {
        this.home = home;
        this.server = server;
    }

    private static ProcessBuilder script(KarafHome home, String... args) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(home.home.resolve("bin").resolve(args[0]).toString());
        cmd.addAll(List.of(args).subList(1, args.length));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.home.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return pb;
    }

    /** Starts the server and waits (at most 180 s) until its console answers. */
    static Karaf start(KarafHome home, Path consoleLog) throws Exception {
        Process p = script(home, "karaf", "server").redirectErrorStream(true).redirectOutput(consoleLog.toFile()).start();
        Karaf k = new Karaf(home, p);
        // a test JVM that is killed takes Karaf (and what it started) with it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }));
        try {
            long deadline = System.currentTimeMillis() + 180_000;
            while (System.currentTimeMillis() < deadline) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("Karaf exited with " + p.exitValue() + "; see " + consoleLog);
                }
                if (k.console("system:version").contains("4.2.9")) {
                    return k;
                }
                Thread.sleep(1000);
            }
            throw new IllegalStateException("Karaf's console did not answer within 180 s; see " + consoleLog);
        } catch (Exception | Error e) {
            k.close();
            throw e;
        }
    }

    /**
     * Runs the commands in one console session ({@code bin/client -b}: the commands from standard
     * input, as a script gives them) and returns what the console printed, without terminal
     * escapes; at most 300 s.
     */
    String console(String... commands) throws IOException, InterruptedException {
        Path out = java.nio.file.Files.createTempFile(home.home.getParent(), "client", ".out");
        try {
            Process c = script(home, "client", "-a", String.valueOf(home.ssh), "-u", "karaf", "-p", "karaf", "-r", "3", "-d", "1",
                    "-b").redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try (var in = c.getOutputStream()) {
                in.write((String.join("\n", commands) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (!c.waitFor(300, TimeUnit.SECONDS)) {
                c.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            return java.nio.file.Files.readString(out).replaceAll("\u001B\\[[0-9;?]*[A-Za-z]", "").replace("\r", "");
        } finally {
            java.nio.file.Files.deleteIfExists(out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (server.isAlive()) {
            script(home, "stop").start().waitFor(60, TimeUnit.SECONDS);
            if (!server.waitFor(60, TimeUnit.SECONDS)) {
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }
}
