package org.dsp.jsonschema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The facade over the relocated validator: 2020-12 keywords, paths, messages, refusals. */
class SchemaValidatorTest {
    private static final String SCHEMA = "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
            + "\"type\":\"object\",\"required\":[\"name\"],\"additionalProperties\":false,"
            + "\"properties\":{\"name\":{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"},"
            + "\"ports\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/port\"}},"
            + "\"kind\":{\"enum\":[\"a\",\"b\"]}},"
            + "\"$defs\":{\"port\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":65535}}}";

    @Test
    void aValidDocumentHasNoViolations() {
        assertEquals(List.of(), SchemaValidator.compile(SCHEMA).validate("{\"name\":\"web\",\"ports\":[80,443],\"kind\":\"a\"}"));
    }

    @Test
    void eachViolationNamesItsPathAndWhatIsWrong() {
        List<SchemaValidator.Violation> v = SchemaValidator.compile(SCHEMA)
                .validate("{\"name\":\"Web\",\"ports\":[80,70000],\"kind\":\"c\",\"extra\":1}");
        assertEquals(List.of("$", "$.kind", "$.name", "$.ports[1]"), v.stream().map(SchemaValidator.Violation::path)
                .distinct().collect(java.util.stream.Collectors.toList()), v.toString());
        assertTrue(v.stream().anyMatch(x -> x.path().equals("$") && x.message().contains("extra")), v.toString());
        assertTrue(v.stream().anyMatch(x -> x.path().equals("$.ports[1]") && x.message().contains("65535")), v.toString());
        assertTrue(v.stream().noneMatch(x -> x.message().startsWith("$")), "the path is not repeated in the message: " + v);
    }

    @Test
    void aMissingRequiredFieldIsReportedAtItsObject() {
        List<SchemaValidator.Violation> v = SchemaValidator.compile(SCHEMA).validate("{}");
        assertEquals(1, v.size(), v.toString());
        assertEquals("$", v.get(0).path());
        assertTrue(v.get(0).message().contains("name"), v.toString());
    }

    @Test
    void textThatIsNotJsonOrNotASchemaIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SchemaValidator.compile(SCHEMA).validate("{\"name\":"));
        assertThrows(IllegalArgumentException.class, () -> SchemaValidator.compile("{\"type\":"));
        assertThrows(IllegalArgumentException.class,
                () -> SchemaValidator.compile("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"$ref\":\"#/$defs/none\"}"));
    }
}
