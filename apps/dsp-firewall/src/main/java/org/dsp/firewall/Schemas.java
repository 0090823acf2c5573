package org.dsp.firewall;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The JSON Schemas of the firewall's sections, read from this bundle's resources. */
final class Schemas {
    /** The {@code firewall} section. */
    static final String FIREWALL = load("firewall.schema.json");

    private Schemas() {
    }

    static String load(String name) {
        try (InputStream in = Schemas.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + name + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
