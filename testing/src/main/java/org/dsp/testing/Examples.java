package org.dsp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The example tenant documents tests compile (a copy of examples/three-tier.json kept with the tests). */
public final class Examples {
    private Examples() {
    }

    /** Returns the text of the three-tier example (tenant acme). */
    public static String threeTier() {
        try (InputStream in = Examples.class.getResourceAsStream("three-tier.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
