package org.dsp.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import picocli.CommandLine;

/** `./dsp node` options: bad values are refused with the option, the value and the reason, before anything starts. */
class NodeMainTest {
    @Test
    void uplinksParse() {
        assertEquals(Map.of(DeviceId.deviceId("of:00000000000000ab"), PortNumber.portNumber(10)),
                NodeMain.parseUplinks(List.of("of:00000000000000AB=10")));
    }

    @Test
    void badUplinksNameTheValueAndTheReason() {
        String m = assertThrows(IllegalArgumentException.class, () -> NodeMain.parseUplinks(List.of("of:1=10"))).getMessage();
        assertEquals("--uplink of:1=10: expected DSN=PORT with DSN of:<16 hex digits>, e.g. of:0000000000000001=10", m);
        m = assertThrows(IllegalArgumentException.class,
                () -> NodeMain.parseUplinks(List.of("of:0000000000000001=ten"))).getMessage();
        assertEquals("--uplink of:0000000000000001=ten: PORT must be an OpenFlow port number 1..4294967040", m);
        m = assertThrows(IllegalArgumentException.class,
                () -> NodeMain.parseUplinks(List.of("of:0000000000000001=0"))).getMessage();
        assertTrue(m.contains("PORT must be"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> NodeMain.parseUplinks(List.of("of:0000000000000001=10", "of:0000000000000001=11"))).getMessage();
        assertEquals("--uplink of:0000000000000001=11: of:0000000000000001 already has an uplink", m);
    }

    @Test
    void fabricSwitchesAreDeviceIds() {
        assertEquals(java.util.Set.of(DeviceId.deviceId("of:0000000000000b00"), DeviceId.deviceId("of:0000000000000a00")),
                NodeMain.parseFabric(List.of("of:0000000000000B00", "of:0000000000000a00")));
        String m = assertThrows(IllegalArgumentException.class, () -> NodeMain.parseFabric(List.of("b00"))).getMessage();
        assertEquals("--fabric b00: expected a device id of:<16 hex digits>, e.g. of:0000000000000b00", m);
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new NodeMain());
        cl.setErr(new PrintWriter(err));
        assertEquals(2, cl.execute("--fabric", "of:0000000000000b00,leaf1", "--data-dir", "target/never-created"));
        assertTrue(err.toString().startsWith("--fabric leaf1: expected a device id"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, cl.execute("--probe-ms", "5", "--data-dir", "target/never-created"));
        assertTrue(err.toString().startsWith("--probe-ms 5: must be at least 100"), err.toString());
        assertTrue(!new java.io.File("target/never-created").exists(), "nothing started");
    }

    @Test
    void addressesNeedHostAndPort() {
        assertEquals(8181, NodeMain.parseAddress("--rest", "127.0.0.1:8181").getPort());
        assertEquals("0.0.0.0", NodeMain.parseAddress("--openflow", "0.0.0.0:0").getHostString());
        String m = assertThrows(IllegalArgumentException.class, () -> NodeMain.parseAddress("--rest", "8181")).getMessage();
        assertEquals("--rest 8181: expected HOST:PORT with PORT 0..65535, e.g. 127.0.0.1:8181", m);
        assertThrows(IllegalArgumentException.class, () -> NodeMain.parseAddress("--openflow", "h:70000"));
    }

    @Test
    void theCommandRefusesBadOptionsWithUsageExitCode() {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new NodeMain());
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("--uplink", "dsn1=10", "--data-dir", "target/never-created");
        assertEquals(2, code);
        assertTrue(err.toString().startsWith("--uplink dsn1=10: expected DSN=PORT"), err.toString());
        assertTrue(!new java.io.File("target/never-created").exists(), "nothing started");
    }
}
