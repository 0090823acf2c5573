package org.dsp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.dsp.ir.Stage;
import org.dsp.model.TenantDocument;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.SectionReading;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.Services;
import org.dsp.spi.TenantContext;
import org.dsp.testing.RandomDocs;
import org.dsp.testing.ScaleDocs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The assembled JSON Schema of the tenant document, checked with a well-kept 2020-12 validator
 * (networknt) against the codecs: every document the codecs accept, the schema accepts; of the
 * codec test's invalid documents, the schema refuses exactly the structural ones, at the same
 * place; the schema follows the active services.
 */
class DocumentSchemaTest {
    private static final ObjectMapper M = new ObjectMapper();

    /** The invalid documents of {@link TenantDocumentCodecTest} that the schema alone refuses (the rest are reference checks). */
    private static final Set<String> STRUCTURAL = Set.of("tenant id missing", "unknown top-level field", "labels not an object",
            "unknown endpoint kind", "bad name", "bad MAC", "port out of range", "bad DSN id", "In without values",
            "services and protocol together", "endpoint without addresses", "negative version",
            "namespace selector not an object");

    private static JsonSchema schema(Services services) {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(TenantDocumentCodec.with(services).schema());
    }

    private static final JsonSchema ALL = schema(Services.discovered());

    private static List<String> problems(JsonSchema s, JsonNode doc) {
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : s.validate(doc)) {
            out.add(m.getInstanceLocation() + " " + m.getMessage());
        }
        return out;
    }

    @Test
    void theSchemaIsOneSelfContained2020_12SchemaWithEveryActiveSection() {
        ObjectNode s = TenantDocumentCodec.with(Services.discovered()).schema();
        assertEquals("https://json-schema.org/draft/2020-12/schema", s.get("$schema").asText());
        assertTrue(s.get("properties").has("firewall") && s.get("properties").has("segments"), s.get("properties").toString());
        assertTrue(s.get("properties").get("tenant").get("properties").has("defaultPosture"));
        assertTrue(s.get("$defs").has("firewall.rule"), "a section's definitions move to the root, prefixed");
        assertFalse(s.toString().contains("\"#/$defs/rule\""), "and its references follow them");
        TenantDocumentCodec core = TenantDocumentCodec.with(Services.none());
        assertFalse(core.schema().get("properties").has("firewall"));
    }

    @Test
    void everyDocumentTheCodecsAcceptTheSchemaAccepts() throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        for (String f : List.of("three-tier.json", "globex.json")) {
            docs.add(M.readTree(Files.readString(Path.of("../examples", f))));
        }
        Random rnd = new Random(20261129);
        for (int i = 0; i < 300; i++) {
            TenantDocument d = RandomDocs.generate(rnd);
            if (i % 3 == 0) {
                d = RandomDocs.mutate(d, rnd);
            }
            docs.add(TenantDocumentCodec.encode(d));
        }
        docs.add(TenantDocumentCodec.encode(ScaleDocs.tenant(200, 1000, 10, 4)));
        docs.add(TenantDocumentCodec.encode(ScaleDocs.ovnBench(500, 20, ScaleDocs.dsn(0))));
        for (JsonNode d : docs) {
            TenantDocumentCodec.decode(d); // the codecs accept it
            assertEquals(List.of(), problems(ALL, d), d.toString().substring(0, Math.min(300, d.toString().length())));
        }
    }

    @Test
    void theSchemaRefusesExactlyTheStructuralProblemsAtTheirPlace() {
        Set<String> seen = new java.util.HashSet<>();
        for (Arguments a : TenantDocumentCodecTest.invalidDocuments().collect(Collectors.toList())) {
            String what = (String) a.get()[0];
            String path = (String) a.get()[2];
            @SuppressWarnings("unchecked")
            Consumer<ObjectNode> mutation = (Consumer<ObjectNode>) a.get()[3];
            ObjectNode d = TenantDocumentCodecTest.exampleTree();
            mutation.accept(d);
            assertThrows(InvalidDocumentException.class, () -> TenantDocumentCodec.decode(d), what);
            List<String> p = problems(ALL, d);
            if (STRUCTURAL.contains(what)) {
                seen.add(what);
                // the schema names the field itself, or (required, unknown field) the object that holds it
                assertTrue(p.stream().anyMatch(m -> path.startsWith(m.substring(0, m.indexOf(' ')))),
                        what + ": expected a schema error at or above " + path + ", got " + p);
            } else {
                assertEquals(List.of(), p, what + " is a reference check, left to the codecs");
            }
        }
        assertEquals(STRUCTURAL, seen, "every structural case is among the codec test's invalid documents");
    }

    @Test
    void aDocumentWithTheSectionOfAnInactiveServiceIsRefusedByBoth() throws Exception {
        JsonNode d = M.readTree(Files.readString(Path.of("../examples/three-tier.json")));
        Services core = Services.none();
        assertFalse(problems(schema(core), d).isEmpty());
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> TenantDocumentCodec.with(core).read(d));
        assertTrue(e.errors().stream().anyMatch(v -> v.path().equals("$.firewall") && v.code() == ErrorCode.UNKNOWN_FIELD),
                e.errors().toString());
    }

    @Test
    void aServiceWhoseSchemaReachesOutsideItsSectionIsRefused() {
        ServiceApp bad = new ServiceApp() {
            @Override
            public String name() {
                return "leaky";
            }

            @Override
            public String app() {
                return "org.example.leaky";
            }

            @Override
            public List<SectionCodec<?>> sections() {
                return List.of(new SectionCodec<String>() {
                    @Override
                    public String key() {
                        return "leaky";
                    }

                    @Override
                    public Class<String> type() {
                        return String.class;
                    }

                    @Override
                    public String schema() {
                        return "{\"$ref\": \"#/properties/tenant\"}";
                    }

                    @Override
                    public String read(JsonNode value, String path, SectionReading reading) {
                        return value.asText();
                    }

                    @Override
                    public void validate(String value, String path, DocumentCheck check) {
                    }

                    @Override
                    public JsonNode write(String value) {
                        return M.getNodeFactory().textNode(value);
                    }

                    @Override
                    public boolean isEmpty(String value) {
                        return value.isEmpty();
                    }

                    @Override
                    public String describe(String value) {
                        return value;
                    }

                });
            }

            @Override
            public List<Stage> stages() {
                return List.of();
            }

            @Override
            public ServiceCompiler compiler(TenantContext tenant) {
                throw new UnsupportedOperationException();
            }
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Services.of(List.of(bad)));
        assertTrue(e.getMessage().contains("leaky") && e.getMessage().contains("#/properties/tenant"), e.getMessage());
    }
}
