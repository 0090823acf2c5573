package org.dsp.node.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The audit's hex form of match values and instructions: two lower-case digits a byte, as before the table lookup. */
class WireFlowHexTest {
    @Test
    void everyByteValueAsTwoLowerCaseDigits() {
        byte[] all = new byte[256];
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
            expected.append(String.format("%02x", i));
        }
        assertEquals(expected.toString(), WireFlow.hex(all));
        assertEquals("", WireFlow.hex(new byte[0]));
    }

    @Test
    void randomValuesAsStringFormatWritesThem() {
        Random r = new Random(7);
        for (int n = 0; n < 200; n++) {
            byte[] b = new byte[r.nextInt(40)];
            r.nextBytes(b);
            StringBuilder expected = new StringBuilder();
            for (byte x : b) {
                expected.append(String.format("%02x", x));
            }
            assertEquals(expected.toString(), WireFlow.hex(b));
        }
    }
}
