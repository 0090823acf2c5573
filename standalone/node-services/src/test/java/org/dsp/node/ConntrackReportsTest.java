package org.dsp.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;

/** A server's conntrack report is read whole or not at all, and the last good one stays. */
class ConntrackReportsTest {
    private static final DeviceId DSN = DeviceId.deviceId("of:0000000000000002");

    @Test
    void readsWhatTheReporterWrites() {
        ConntrackReports.Report r = ConntrackReports.parse("13394=5,20771=0", "1796022523");
        assertEquals(Map.of(13394, 5L, 20771, 0L), r.counts);
        assertEquals(1796022523L, r.time);
        assertEquals(Map.of(), ConntrackReports.parse("", "1").counts, "no zones: an empty report");
    }

    @Test
    void malformedReportsAreIgnoredWhole() {
        for (String bad : new String[] {"13394=5,x", "70000=1", "13394=-1", "13394", "=5", "13394=5,,1=1", "1=99999999999999"}) {
            assertNull(ConntrackReports.parse(bad, "1"), bad);
        }
        assertNull(ConntrackReports.parse("1=1", null));
        assertNull(ConntrackReports.parse("1=1", "soon"));
        assertNull(ConntrackReports.parse(null, "1"));
        ConntrackReports reports = new ConntrackReports();
        reports.update(DSN, Map.of("dsp-ct-count", "13394=5", "dsp-ct-time", "100"), Set.of(13394));
        reports.update(DSN, Map.of("dsp-ct-count", "13394=oops", "dsp-ct-time", "110"), Set.of(13394));
        assertEquals(5L, reports.reports().get(DSN).counts.get(13394), "the last good report stays");
        reports.update(DSN, Map.of("dsp-ct-count", "13394=7,999=1000000", "dsp-ct-time", "120"), Set.of(13394));
        assertEquals(Map.of(13394, 7L), reports.reports().get(DSN).counts, "only the zones the node published count");
        assertNull(ConntrackReports.parse("1=1,".repeat(5000) + "1=1", "1"), "longer than any report the node asks for");
        reports.forget(DSN);
        assertEquals(Map.of(), reports.reports());
    }
}
