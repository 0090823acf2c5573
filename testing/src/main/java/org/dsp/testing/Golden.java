package org.dsp.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Golden-file comparison: the expected text lives in src/test/resources/golden/. Run with
 * {@code -Ddsp.golden.update=true} to rewrite the files after an intended change, then review the diff.
 */
public final class Golden {
    private Golden() {
    }

    /** Asserts that {@code actual} equals the golden file {@code name}. */
    public static void assertGolden(String name, String actual) {
        Path p = Path.of("src/test/resources/golden", name);
        try {
            if (Boolean.getBoolean("dsp.golden.update")) {
                Files.createDirectories(p.getParent());
                Files.writeString(p, actual, StandardCharsets.UTF_8);
                return;
            }
            String expected = Files.readString(p, StandardCharsets.UTF_8);
            assertEquals(expected, actual, "golden file " + p + " differs (rerun with -Ddsp.golden.update=true if intended)");
        } catch (IOException e) {
            throw new AssertionError("cannot read golden file " + p + ": " + e, e);
        }
    }
}
