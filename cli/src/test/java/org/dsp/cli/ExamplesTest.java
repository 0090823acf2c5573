package org.dsp.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.spi.Services;
import org.junit.jupiter.api.Test;

/**
 * The example documents, read as the controller reads what is submitted, with every service the
 * CLI carries: each service's codec, then the published schema (a section schema that says less
 * than its codec reads would refuse an example here; the chain app's own tests found one such,
 * chains from external CIDRs, which no example has).
 */
class ExamplesTest {
    @Test
    void everyExampleDocumentPassesTheCodecsAndThePublishedSchema() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("../examples"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
        assertTrue(files.size() >= 9, files.toString());
        TenantDocumentCodec codec = TenantDocumentCodec.with(Services.discovered());
        for (Path f : files) {
            try {
                codec.read(Files.readString(f));
            } catch (InvalidDocumentException e) {
                fail(f + ": " + e.errors());
            }
        }
    }
}
