package org.dsp.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.ir.LogicalProgram;
import org.dsp.model.TenantDocument;
import org.junit.jupiter.api.Test;

/** The Kubernetes worked example of docs/api.md (section 6), read from the page: it validates, resolves and compiles. */
class KubernetesExampleTest {
    @Test
    void theWorkedExampleOfTheApiPageCompiles() throws Exception {
        String page = Files.readString(Path.of("../docs/api.md"));
        int at = page.indexOf("The equivalent DSP fragment.");
        int open = page.indexOf("```json", at) + "```json".length();
        String fragment = page.substring(open, page.indexOf("```", open));
        ObjectNode doc = (ObjectNode) new ObjectMapper().readTree(fragment);
        doc.putObject("tenant").put("id", "shop");
        TenantDocument d = TenantDocumentCodec.decode(doc);
        GroupResolver g = new GroupResolver(d);
        assertEquals(Set.of("api-7f9c"), new TreeSet<>(g.members("api-allow.pods").endpoints()));
        assertEquals(Set.of(), new TreeSet<>(g.members("api-allow.in0.from1").endpoints()), "shop is not a frontend namespace");
        LogicalProgram p = LogicalCompiler.compile(d);
        assertTrue(p.flows().values().stream().anyMatch(f -> f.owner().name().equals("api-allow.in0")), p.flows().keySet().toString());
    }
}
