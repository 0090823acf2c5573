package org.dsp.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.dsp.model.TenantDocument;

/** Decodes and encodes tenant documents; decoding validates the whole document or rejects it whole. */
public final class TenantDocumentCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TenantDocumentCodec() {
    }

    /**
     * Decodes and validates a document.
     *
     * @param json the document text
     * @return the typed document
     * @throws InvalidDocumentException with every problem found, when there is any
     */
    public static TenantDocument decode(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new InvalidDocumentException(List.of(ValidationError.of("$", ErrorCode.WRONG_TYPE,
                    "not valid JSON" + where + ": " + e.getOriginalMessage())));
        }
        return decode(root);
    }

    /** Decodes and validates a parsed JSON tree; see {@link #decode(String)}. */
    public static TenantDocument decode(JsonNode root) {
        Problems problems = new Problems();
        DocumentReader reader = new DocumentReader(problems);
        TenantDocument doc = reader.read(root);
        if (doc != null) {
            new DocumentValidator(problems, reader.paths(), reader.invalidEndpoints(), reader.invalidGroups()).validate(doc);
        }
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(problems.list());
        }
        return doc;
    }

    /** Validates a document built in code (its paths follow the JSON form's structure). */
    public static List<ValidationError> validate(TenantDocument doc) {
        try {
            decode(encode(doc));
            return List.of();
        } catch (InvalidDocumentException e) {
            return e.errors();
        }
    }

    /** Encodes a document as a JSON tree that {@link #decode(JsonNode)} reads back equal. */
    public static ObjectNode encode(TenantDocument doc) {
        return DocumentWriter.write(doc);
    }

    /** Encodes a document as pretty-printed JSON text. */
    public static String encodeText(TenantDocument doc) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(encode(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
