package org.dsp.node.flowlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.dsp.driver.ovs.SamplePoint;
import org.dsp.model.Direction;
import org.dsp.model.RuleAction;
import org.junit.jupiter.api.Test;

/**
 * Reads what Open vSwitch 3.1 really sent: {@code ovs-3.1-tcp.bin} holds the 22 IPFIX messages
 * (length-prefixed) a userspace bridge exported to a collector for one TCP connection (3,000
 * bytes from 10.9.0.1 to 10.9.0.2:5001 with nc, then closed) through a flow with
 * {@code sample(probability=65535,collector_set_id=1,obs_domain_id=13394,obs_point_id=...)},
 * {@code cache_active_timeout=5}, {@code virtual_obs_id=of:00000000000000aa}: 18 template sets (88
 * templates), an options template, exporter statistics and the connection's two records.
 */
class IpfixDecoderTest {
    static List<ByteBuffer> captured() throws IOException {
        List<ByteBuffer> out = new ArrayList<>();
        try (InputStream s = IpfixDecoderTest.class.getResourceAsStream("/ipfix/ovs-3.1-tcp.bin");
             DataInputStream in = new DataInputStream(s)) {
            while (in.available() > 0) {
                byte[] m = new byte[in.readUnsignedShort()];
                in.readFully(m);
                out.add(ByteBuffer.wrap(m));
            }
        }
        return out;
    }

    @Test
    void readsTheRecordsOpenVSwitchExported() throws IOException {
        IpfixDecoder d = new IpfixDecoder();
        List<IpfixRecord> records = new ArrayList<>();
        for (ByteBuffer m : captured()) {
            records.addAll(d.decode(m));
        }
        assertEquals(88, d.templates());
        assertEquals(0, d.unknownTemplateSets(), "the exporter statistics (options data) are not unknown data");
        assertEquals(2, records.size(), records.toString());
        IpfixRecord out = records.get(0);
        IpfixRecord back = records.get(1);
        long export = 1796022523L * 1000;
        assertEquals("of:00000000000000aa", out.dsn);
        assertEquals(13394, out.domain);
        assertEquals(SamplePoint.of(0x23ed8c6, RuleAction.ALLOW, Direction.EGRESS), out.point);
        assertEquals(6, out.protocol);
        assertEquals("10.9.0.1", out.src);
        assertEquals(60190, out.srcPort);
        assertEquals("10.9.0.2", out.dst);
        assertEquals(5001, out.dstPort);
        assertEquals(7, out.packets);
        assertEquals(3372, out.bytes, "3,000 bytes of data and 7 IP and TCP headers");
        assertEquals(export - 5180, out.start);
        assertEquals(export - 5179, out.end);
        assertTrue(out.finOrRst);
        assertEquals("10.9.0.2", back.src);
        assertEquals(5001, back.srcPort);
        assertEquals(5, back.packets);
        assertEquals(268, back.bytes);
    }

    @Test
    void dataBeforeItsTemplateIsCountedAndSkipped() throws IOException {
        List<ByteBuffer> m = captured();
        IpfixDecoder d = new IpfixDecoder();
        assertEquals(List.of(), d.decode(m.get(20).duplicate()), "the record's template came in an earlier message");
        assertEquals(1, d.unknownTemplateSets());
    }

    @Test
    void malformedMessagesAreRefusedNamingWhy() throws IOException {
        IpfixDecoder d = new IpfixDecoder();
        for (ByteBuffer m : captured()) {
            d.decode(m);
        }
        ByteBuffer good = captured().get(20);
        byte[] b = new byte[good.remaining()];
        good.get(b);
        byte[] wrongVersion = b.clone();
        wrongVersion[1] = 9;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.decode(ByteBuffer.wrap(wrongVersion))).getMessage()
                .contains("version 10"));
        byte[] truncated = java.util.Arrays.copyOf(b, b.length - 40);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.decode(ByteBuffer.wrap(truncated))).getMessage()
                .contains("length"));
        byte[] overrun = b.clone();
        overrun[18] = (byte) 0x7f; // the data set says it is longer than the message
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.decode(ByteBuffer.wrap(overrun))).getMessage()
                .contains("overruns"));
        assertThrows(IllegalArgumentException.class, () -> d.decode(ByteBuffer.wrap(new byte[] {0, 10, 0})));
        // random bytes after a valid header never escape as anything but IllegalArgumentException
        java.util.Random r = new java.util.Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = b.clone();
            for (int k = 0; k < 1 + r.nextInt(8); k++) {
                junk[16 + r.nextInt(junk.length - 16)] = (byte) r.nextInt();
            }
            try {
                d.decode(ByteBuffer.wrap(junk));
            } catch (IllegalArgumentException expected) {
                // refused: fine
            }
        }
    }

    /** A message of one set: {@code setId}, then the 16-bit words {@code words}. */
    static ByteBuffer message(int setId, int... words) {
        ByteBuffer b = ByteBuffer.allocate(20 + 2 * words.length);
        b.putShort((short) 10).putShort((short) b.capacity()).putInt(1_796_022_523).putInt(1).putInt(7);
        b.putShort((short) setId).putShort((short) (4 + 2 * words.length));
        for (int w : words) {
            b.putShort((short) w);
        }
        return b.flip();
    }

    @Test
    void hostileTemplatesAreRefused() {
        IpfixDecoder d = new IpfixDecoder();
        String m = assertThrows(IllegalArgumentException.class, () -> d.decode(message(2, 300, 1, 138, 0))).getMessage();
        assertTrue(m.contains("fixed length 0"), m); // records of no bytes would never end
        int[] many = new int[2 + 2 * 129];
        many[0] = 300;
        many[1] = 129;
        for (int i = 0; i < 129; i++) {
            many[2 + 2 * i] = 138;
            many[3 + 2 * i] = 4;
        }
        m = assertThrows(IllegalArgumentException.class, () -> d.decode(message(2, many))).getMessage();
        assertTrue(m.contains("129 fields"), m);
        m = assertThrows(IllegalArgumentException.class, () -> d.decode(message(2, 300, 3, 138, 4))).getMessage();
        assertTrue(m.contains("overruns its set"), m); // the field count says more than the set holds
        assertEquals(0, d.templates());
    }

    @Test
    void anExportersTemplatesAreBounded() {
        IpfixDecoder d = new IpfixDecoder();
        for (int id = 256; id < 256 + 400; id++) { // 400 templates of 100 fields: beyond both bounds
            int[] w = new int[2 + 200];
            w[0] = id;
            w[1] = 100;
            for (int i = 0; i < 100; i++) {
                w[2 + 2 * i] = 138;
                w[3 + 2 * i] = 4;
            }
            d.decode(message(2, w));
        }
        assertEquals(IpfixDecoder.MAX_EXPORTER_FIELDS / 100, d.templates());
        d.decode(message(2, 2, 0)); // withdraw them all (RFC 7011 8.1)
        assertEquals(0, d.templates());
        d.decode(message(2, 300, 1, 138, 4));
        assertEquals(1, d.templates(), "room again after the withdrawal");
        d.decode(message(2, 300, 0));
        assertEquals(0, d.templates());
    }

    @Test
    void timesAreTheNodesWhenItSaysWhenTheMessageArrived() throws IOException {
        IpfixDecoder d = new IpfixDecoder();
        List<IpfixRecord> records = new ArrayList<>();
        for (ByteBuffer m : captured()) {
            records.addAll(d.decode(m, 5_000_000L));
        }
        assertEquals(5_000_000L - 5180, records.get(0).start, "the deltas from the arrival, whatever the exporter's clock says");
        assertEquals(5_000_000L - 5179, records.get(0).end);
    }
}
