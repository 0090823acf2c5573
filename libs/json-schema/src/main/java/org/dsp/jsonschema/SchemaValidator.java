package org.dsp.jsonschema;

import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One JSON Schema (draft 2020-12), compiled once, that validates documents given as text.
 * Backed by networknt's json-schema-validator and a Jackson of its own, both relocated into this
 * jar: nothing of either shows in this API, which has JDK types only, so the caller's Jackson
 * (ONOS ships 2.11) never meets the validator's. Thread-safe: one instance serves every caller.
 */
public final class SchemaValidator {
    /** Paths as DSP's errors write them ({@code $.a[0].b}) and messages in English, whatever the host's locale. */
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.LEGACY).locale(Locale.ENGLISH).build();
    private final JsonSchema schema;

    private SchemaValidator(JsonSchema schema) {
        this.schema = schema;
    }

    /**
     * Compiles a schema.
     *
     * @param schemaJson the schema's text; its {@code $schema} should name draft 2020-12 (the
     *        dialect assumed when it names none)
     * @return the validator
     * @throws IllegalArgumentException when the text is not a schema the validator can read
     */
    public static SchemaValidator compile(String schemaJson) {
        try {
            JsonSchema s = inOwnLoader(() -> {
                JsonSchema js = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson, CONFIG);
                js.initializeValidators(); // resolve every reference now, not at the first document
                return js;
            });
            return new SchemaValidator(s);
        } catch (RuntimeException | StackOverflowError | LinkageError e) { // a runaway $ref, a class the validator lacks
            throw new IllegalArgumentException("not a JSON Schema the validator can read: " + e.getMessage(), e);
        }
    }

    /**
     * Validates one document.
     *
     * @param documentJson the document's text
     * @return every violation, ordered by path then message; empty when the document is valid
     * @throws IllegalArgumentException when the text is not JSON
     */
    public List<Violation> validate(String documentJson) {
        Set<ValidationMessage> found;
        try {
            found = inOwnLoader(() -> schema.validate(documentJson, InputFormat.JSON));
        } catch (RuntimeException | StackOverflowError e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        List<Violation> out = new ArrayList<>(found.size());
        for (ValidationMessage m : found) {
            out.add(new Violation(m.getInstanceLocation().toString(), text(m)));
        }
        out.sort(Comparator.comparing(Violation::path).thenComparing(Violation::message));
        return out;
    }

    /** The message without the location networknt puts in front of it (the path says where). */
    private static String text(ValidationMessage m) {
        String msg = m.getMessage();
        String prefix = m.getInstanceLocation().toString() + ": ";
        return msg.startsWith(prefix) ? msg.substring(prefix.length()) : msg;
    }

    /**
     * Runs with this class's loader as the thread's context loader: the validator finds its
     * message bundles and meta-schemas through it, and inside OSGi the caller's context loader
     * (a web container's, a framework thread's) does not see this bundle's resources.
     */
    private static <T> T inOwnLoader(Supplier<T> work) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(SchemaValidator.class.getClassLoader());
        try {
            return work.get();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** One place where a document breaks the schema. */
    public static final class Violation {
        private final String path;
        private final String message;

        /**
         * Creates a violation.
         *
         * @param path the JSON path of the offending value ({@code $.a[0].b}; {@code $} the root)
         * @param message what is wrong there
         */
        public Violation(String path, String message) {
            this.path = path;
            this.message = message;
        }

        /** Returns the JSON path of the offending value, {@code $.a[0].b} ({@code $}: the root). */
        public String path() {
            return path;
        }

        /** Returns what is wrong there, in the validator's words. */
        public String message() {
            return message;
        }

        @Override
        public String toString() {
            return path + ": " + message;
        }
    }
}
