package org.dsp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.dsp.ir.Stage;
import org.dsp.jsonschema.SchemaValidator;
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
 * place; the schema follows the active services; and the codec holds a service whose codec checks
 * less than its schema says to that schema (the validator runs on every submitted document).
 */
class DocumentSchemaTest {
    private static final ObjectMapper M = new ObjectMapper();

    /** The invalid documents of {@link TenantDocumentCodecTest} that the schema alone refuses (the rest are reference checks). */
    private static final Set<String> STRUCTURAL = Set.of("tenant id missing", "unknown top-level field", "labels not an object",
            "unknown endpoint kind", "bad name", "bad MAC", "port out of range", "bad DSN id", "In without values",
            "services and protocol together", "endpoint without addresses", "negative version",
            "namespace selector not an object");

    /** The validator the codec itself runs on every submitted document (relocated networknt, on ONOS's Jackson 2.11 here). */
    private static SchemaValidator schema(Services services) {
        return services.schemaValidator();
    }

    private static final SchemaValidator ALL = schema(Services.discovered());

    private static List<String> problems(SchemaValidator s, JsonNode doc) {
        List<String> out = new ArrayList<>();
        for (SchemaValidator.Violation v : s.validate(doc.toString())) {
            out.add(v.path() + " " + v.message());
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

    /** A service whose section schema says "boolean" and whose codec reads anything as one (asBoolean). */
    private static Services laxService() {
        return Services.of(List.of(org.dsp.testing.TestServices.app("lax", List.of(org.dsp.testing.TestServices.flag("lax", "on", "off")),
                List.of(), List.of(), List.of())));
    }

    @Test
    void aDocumentTheCodecsAcceptButTheSchemaRefusesIsRefusedWhereItBreaksTheSchema() throws Exception {
        Services lax = laxService();
        ObjectNode d = (ObjectNode) M.readTree(Files.readString(Path.of("../examples/three-tier.json")));
        d.remove(List.of("firewall", "segments")); // sections of services this codec does not read
        ((ObjectNode) d.get("tenant")).remove("defaultPosture");
        d.put("lax", true);
        TenantDocument ok = TenantDocumentCodec.with(lax).read(d.toString());
        assertEquals(Boolean.TRUE, ok.sections().get("lax"));

        d.put("lax", "yes"); // the codec reads it (as false); the schema says boolean
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> TenantDocumentCodec.with(lax).read(d.toString()));
        assertEquals(1, e.errors().size(), e.errors().toString());
        assertEquals("$.lax", e.errors().get(0).path());
        assertEquals(ErrorCode.SCHEMA_VIOLATION, e.errors().get(0).code());
        assertTrue(e.errors().get(0).reason().contains("boolean"), e.errors().toString());
        assertThrows(InvalidDocumentException.class, () -> TenantDocumentCodec.with(lax).read(d), "the parsed form too");

        // a stored document is read as it was stored (never lost on a schema change): not checked again
        assertEquals(Boolean.FALSE, TenantDocumentCodec.with(lax).readStored(d).sections().get("lax"));
        // where the codecs refuse, their errors alone come out, as before
        d.put("lax", "yes");
        ((ObjectNode) d.get("tenant")).remove("id");
        e = assertThrows(InvalidDocumentException.class, () -> TenantDocumentCodec.with(lax).read(d));
        assertTrue(e.errors().stream().noneMatch(v -> v.code() == ErrorCode.SCHEMA_VIOLATION), e.errors().toString());
    }

    @Test
    void aNullMemberIsAbsentToTheSchemaCheckAsToTheCodecs() throws Exception {
        // docs/api.md: null is absent; the schema's types do not name null, so the check leaves such members out
        ObjectNode d = (ObjectNode) M.readTree(Files.readString(Path.of("../examples/three-tier.json")));
        d.putNull("version");
        ((ObjectNode) d.get("tenant")).putNull("displayName");
        ObjectNode rule = (ObjectNode) d.path("firewall").path("tenant").path(0);
        rule.putNull("protocol"); // beside "services": the schema's "not both" would count a present null
        TenantDocumentCodec codec = TenantDocumentCodec.with(Services.discovered());
        codec.read(d.toString());
        codec.checkSchema(rule, "/$defs/firewall.rule", "$.firewall.tenant[0]");
        assertFalse(problems(ALL, d).isEmpty(), "the raw schema would refuse it");
        ((ObjectNode) d.get("tenant")).put("displayName", 7); // present and not null: still checked (the codec refuses it too)
        assertThrows(InvalidDocumentException.class, () -> codec.read(d.toString()));
    }

    @Test
    void oneValueIsCheckedAgainstItsPartOfTheSchemaWithTheSchemasDefinitions() throws Exception {
        TenantDocumentCodec codec = TenantDocumentCodec.with(Services.discovered());
        String rules = "/$defs/firewall.rule"; // as the rule API gives it
        JsonNode rule = M.readTree(Files.readString(Path.of("../examples/three-tier.json"))).path("firewall").path("tenant").path(0);
        codec.checkSchema(rule, rules, "$.firewall.tenant[0]"); // a rule of the example: no violation
        ObjectNode bad = rule.deepCopy();
        bad.put("action", "permit");
        InvalidDocumentException e = assertThrows(InvalidDocumentException.class, () -> codec.checkSchema(bad, rules, "$.firewall.tenant[2]"));
        assertTrue(e.errors().stream().allMatch(v -> v.code() == ErrorCode.SCHEMA_VIOLATION), e.errors().toString());
        assertTrue(e.errors().stream().anyMatch(v -> v.path().equals("$.firewall.tenant[2].action")), "at the document's path: " + e.errors());
        // nothing there (the service is not active): not checked here, the core refuses the section
        TenantDocumentCodec.with(Services.none()).checkSchema(bad, rules, "$.firewall.tenant[2]");
        TenantDocumentCodec lax = TenantDocumentCodec.with(laxService());
        lax.checkSchema(M.readTree("true"), "/properties/lax", "$.lax");
        e = assertThrows(InvalidDocumentException.class, () -> lax.checkSchema(M.readTree("\"yes\""), "/properties/lax", "$.lax"));
        assertEquals("$.lax", e.errors().get(0).path());
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
