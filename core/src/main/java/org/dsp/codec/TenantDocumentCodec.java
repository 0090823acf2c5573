package org.dsp.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.dsp.model.TenantDocument;
import org.dsp.spi.Services;

/**
 * Decodes and encodes tenant documents; decoding validates the whole document or rejects it
 * whole. An instance reads the sections of a given set of services ({@link #with}); the static
 * methods use the services on the class path ({@link Services#discovered()}: the CLI, tests).
 */
public final class TenantDocumentCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Parses strictly: a key twice in one object is an error ({@link #parse} refuses what follows the document). */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    /** The deepest nesting a document may have (the format itself needs 6 levels). */
    public static final int MAX_DEPTH = 64;

    private final Services services;

    private TenantDocumentCodec(Services services) {
        this.services = services;
    }

    /** Returns a codec for the sections of {@code services}. */
    public static TenantDocumentCodec with(Services services) {
        return new TenantDocumentCodec(services);
    }

    /** Returns the services whose sections this codec reads. */
    public Services services() {
        return services;
    }

    /** Decodes with the services on the class path; see {@link #read(String)}. */
    public static TenantDocument decode(String json) {
        return with(Services.discovered()).read(json);
    }

    /** Decodes with the services on the class path; see {@link #read(JsonNode)}. */
    public static TenantDocument decode(JsonNode root) {
        return with(Services.discovered()).read(root);
    }

    /** Validates with the services on the class path; see {@link #check(TenantDocument)}. */
    public static List<ValidationError> validate(TenantDocument doc) {
        return with(Services.discovered()).check(doc);
    }

    /** Encodes with the services on the class path; see {@link #write(TenantDocument)}. */
    public static ObjectNode encode(TenantDocument doc) {
        return with(Services.discovered()).write(doc);
    }

    /** Encodes with the services on the class path; see {@link #writeText(TenantDocument)}. */
    public static String encodeText(TenantDocument doc) {
        return with(Services.discovered()).writeText(doc);
    }

    /**
     * Parses JSON text strictly, or throws {@link InvalidDocumentException} (WRONG_TYPE at "$")
     * naming where it broke: malformed JSON, a key twice in one object, content after the
     * document, or nesting deeper than {@link #MAX_DEPTH}.
     */
    public static JsonNode parse(String json) {
        try (JsonParser p = new DepthLimitedParser(STRICT.getFactory().createParser(json), MAX_DEPTH)) {
            JsonNode root = STRICT.readTree(p);
            if (p.nextToken() != null) {
                throw new InvalidDocumentException(List.of(ValidationError.of("$", ErrorCode.WRONG_TYPE, "not valid JSON at line "
                        + p.getCurrentLocation().getLineNr() + ", column " + p.getCurrentLocation().getColumnNr()
                        + ": content after the document")));
            }
            return root == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : root;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            String message = e.getOriginalMessage();
            java.util.regex.Matcher dup = DUPLICATE.matcher(message == null ? "" : message);
            if (dup.matches() && e.getProcessor() instanceof JsonParser) { // a key twice in one object: the last would silently win
                JsonParser p = (JsonParser) e.getProcessor();
                throw new InvalidDocumentException(List.of(ValidationError.of(JsonPaths.of(p.getParsingContext(), dup.group(1)),
                        ErrorCode.DUPLICATE_NAME, "the key '" + dup.group(1) + "' appears twice in one object" + where)));
            }
            throw new InvalidDocumentException(List.of(ValidationError.of("$", ErrorCode.WRONG_TYPE,
                    "not valid JSON" + where + ": " + message)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // reading a String does no I/O
        }
    }

    /** Jackson's message for a key seen twice in one object (strict duplicate detection). */
    private static final java.util.regex.Pattern DUPLICATE = java.util.regex.Pattern.compile("Duplicate field '(.*)'");

    /**
     * Decodes and validates a document.
     *
     * @param json the document text
     * @return the typed document
     * @throws InvalidDocumentException with every problem found, when there is any (a section no
     *         service of this codec reads is an unknown field)
     */
    public TenantDocument read(String json) {
        return read(parse(json));
    }

    /** Decodes and validates a parsed JSON tree; see {@link #read(String)}. */
    public TenantDocument read(JsonNode root) {
        return read(root, false);
    }

    /**
     * Decodes a stored document: as {@link #read(JsonNode)}, except that a section no service of
     * this codec reads is kept as a {@link RawSection} (its app is not active here) and not checked.
     */
    public TenantDocument readStored(JsonNode root) {
        return read(root, true);
    }

    private TenantDocument read(JsonNode root, boolean keepUnknown) {
        Problems problems = new Problems();
        DocumentReader reader = new DocumentReader(problems, services, keepUnknown);
        TenantDocument doc = reader.read(root);
        if (doc != null) {
            DocumentCheck check = new DocumentCheck(doc, reader.fields(), reader.invalidEndpoints(), reader.invalidGroups(),
                    reader.invalidNamespaces(), keepUnknown);
            new DocumentValidator(check, services).validate(doc);
        }
        if (problems.isEmpty() && !keepUnknown) {
            schemaCheck(root, problems);
        }
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(problems.list());
        }
        return doc;
    }

    /**
     * Checks a submitted document that {@link #readStored} read against the published schema
     * ({@link #schema()}), as {@link #read} does: for the DSP core, which reads what is submitted
     * as stored so that a section of an inactive service is refused as such (SERVICE_NOT_ACTIVE;
     * an empty one it lets through). The sections no service of this codec reads are left out of
     * the check - the schema has no place for them -, everything else is checked.
     *
     * @param doc the document {@code root} was read into
     * @param root the document as submitted
     * @throws InvalidDocumentException with a SCHEMA_VIOLATION at each place where it breaks the schema
     */
    public void checkSchema(TenantDocument doc, JsonNode root) {
        List<String> raw = doc.sections().entrySet().stream().filter(s -> s.getValue() instanceof RawSection)
                .map(java.util.Map.Entry::getKey).collect(java.util.stream.Collectors.toList());
        JsonNode checked = raw.isEmpty() || !root.isObject() ? root : root.deepCopy();
        for (String key : raw) {
            boolean inTenant = key.startsWith("tenant.");
            JsonNode holder = inTenant ? checked.path("tenant") : checked;
            if (holder.isObject()) {
                ((ObjectNode) holder).remove(inTenant ? key.substring("tenant.".length()) : key);
            }
        }
        Problems problems = new Problems();
        schemaCheck(checked, problems);
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(problems.list());
        }
    }

    /**
     * Checks one value of a submitted document against its part of the published schema, as
     * {@link #checkSchema(TenantDocument, JsonNode)} checks a whole one: for an edit that changes
     * that value alone (the rule API), the rest of the document being the stored one.
     *
     * @param value the value as submitted
     * @param pointer where its schema is in {@link #schema()} (a JSON pointer); nothing is checked
     *        when the schema has nothing there (its service is not active: the core refuses that)
     * @param path the value's JSON path in the document, for the errors
     * @throws InvalidDocumentException with a SCHEMA_VIOLATION at each place where it breaks the schema
     */
    public void checkSchema(JsonNode value, String pointer, String path) {
        org.dsp.jsonschema.SchemaValidator part = services.schemaValidator(pointer).orElse(null);
        if (part == null) {
            return;
        }
        Problems problems = new Problems();
        report(part, value, path, problems);
        if (!problems.isEmpty()) {
            throw new InvalidDocumentException(problems.list());
        }
    }

    /**
     * Checks a document the codecs accepted against the published schema too, so that what the
     * controller takes never breaks what it publishes (the codecs check everything the schema says
     * and more - references, uniqueness -; {@code DocumentSchemaTest} keeps the two in agreement
     * for DSP's own services, and this holds any other service app to its declared schema).
     */
    private void schemaCheck(JsonNode root, Problems problems) {
        report(services.schemaValidator(), root, "$", problems);
    }

    /**
     * Validates {@code value} (at {@code path} in its document) and reports each violation there.
     * A member whose value is {@code null} is left out first: the codecs read it as absent (docs/api.md),
     * the schema's types do not name null.
     */
    private static void report(org.dsp.jsonschema.SchemaValidator validator, JsonNode value, String path, Problems problems) {
        List<org.dsp.jsonschema.SchemaValidator.Violation> found;
        try {
            found = validator.validate(withoutNullMembers(value).toString());
        } catch (IllegalArgumentException e) {
            // the validator's parser has limits of its own (a number of over 1,000 digits): refused, not a failure
            problems.add(path, ErrorCode.SCHEMA_VIOLATION, "the schema validator cannot read it: " + e.getMessage());
            return;
        }
        for (org.dsp.jsonschema.SchemaValidator.Violation v : found) {
            problems.add(path + v.path().substring(1), ErrorCode.SCHEMA_VIOLATION, v.message() + " (the document schema, GET /schema)");
        }
    }

    /** Returns {@code node} without the object members whose value is null, at any depth ({@code node} itself when it has none). */
    static JsonNode withoutNullMembers(JsonNode node) {
        if (!hasNullMember(node)) {
            return node;
        }
        JsonNode copy = node.deepCopy();
        removeNullMembers(copy);
        return copy;
    }

    private static boolean hasNullMember(JsonNode node) {
        for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            if (it.next().getValue().isNull()) {
                return true;
            }
        }
        for (JsonNode child : node) {
            if (hasNullMember(child)) {
                return true;
            }
        }
        return false;
    }

    private static void removeNullMembers(JsonNode node) {
        for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            if (it.next().getValue().isNull()) {
                it.remove();
            }
        }
        for (JsonNode child : node) {
            removeNullMembers(child);
        }
    }

    /**
     * Reads one section's JSON value with its codec, outside a document (e.g. a stored raw section
     * whose service came back): the value, or null when it does not read cleanly.
     */
    public static <T> T readSection(org.dsp.spi.SectionCodec<T> codec, JsonNode json) {
        Problems problems = new Problems();
        JsonFields fields = new JsonFields(problems);
        T v = codec.read(json, "$." + codec.key(), () -> fields);
        return problems.isEmpty() ? v : null;
    }

    /**
     * Returns a document that writes exactly as {@code doc} does, with each section shared with
     * {@code previous}'s (the tenant's current document; null: none) as its service's codec shares
     * it ({@link org.dsp.spi.SectionCodec#share}). A new version then holds new objects only where
     * it changed. The core's own parts and sections no active service reads are kept as given.
     */
    public TenantDocument share(TenantDocument doc, TenantDocument previous) {
        if (previous == null || !previous.tenantId().equals(doc.tenantId())) {
            return doc;
        }
        TenantDocument.Builder b = doc.toBuilder();
        doc.sections().forEach((key, value) -> {
            org.dsp.spi.SectionCodec<?> c = services.sections().get(key);
            Object before = previous.sections().get(key);
            if (c != null && c.type().isInstance(value) && c.type().isInstance(before)) {
                b.section(key, shareSection(c, value, before));
            }
        });
        return b.build();
    }

    private static <T> T shareSection(org.dsp.spi.SectionCodec<T> c, Object value, Object before) {
        return c.share(c.type().cast(value), c.type().cast(before));
    }

    /**
     * Returns the names of the items of list {@code list} of section {@code section} in a document
     * this codec read, in order; null when the section's codec does not edit items one by one
     * ({@link org.dsp.spi.NamedItemLists}), the document holds no such section, or it has no such list.
     */
    public List<String> itemNames(TenantDocument doc, String section, String list) {
        return ItemEditor.names(services, doc, section, list);
    }

    /**
     * Returns {@code doc} (read whole by this codec, as {@link #readStored} reads a stored one) with
     * {@code item} read and put at index {@code insertAt} of list {@code list} of section
     * {@code section}, after the item at {@code removeAt} (-1: none) was taken out - the document
     * {@link #readStored} would read from {@code doc}'s JSON so edited -; null when that is not
     * certain here: the section's codec does not edit items, the document has no such section yet,
     * or the edited section does not check clean. Then edit the JSON and read it whole, which
     * reports every problem.
     *
     * @param path where the item will stand in the document, for its reading
     */
    public TenantDocument putItem(TenantDocument doc, String section, String list, int removeAt, int insertAt, JsonNode item,
                                  String path) {
        return ItemEditor.put(services, doc, section, list, removeAt, insertAt, item, path);
    }

    /**
     * Returns {@code doc} without the item at index {@code at} of list {@code list} of section
     * {@code section} (and without the section when it is then empty); null when the section's
     * codec does not edit items or the document has no such section.
     */
    public TenantDocument removeItem(TenantDocument doc, String section, String list, int at) {
        return ItemEditor.remove(services, doc, section, list, at);
    }

    /** Validates a document built in code (its paths follow the JSON form's structure). */
    public List<ValidationError> check(TenantDocument doc) {
        try {
            read(write(doc));
            return List.of();
        } catch (InvalidDocumentException e) {
            return e.errors();
        }
    }

    /**
     * Returns the JSON Schema (draft 2020-12) of the documents this codec reads: the core fields
     * and the sections of its services. It says what is structurally valid; references between
     * parts of a document (group and endpoint names, named ports, uniqueness) are checked by
     * {@link #read} alone.
     */
    public ObjectNode schema() {
        return services.schema();
    }

    /** Assembles the schema of {@code services} (for {@link Services}, which keeps it; refuses a section schema that does not fit). */
    public static ObjectNode assembleSchema(Services services) {
        return DocumentSchema.assemble(services);
    }

    /** Encodes a document as a JSON tree that {@link #read(JsonNode)} reads back equal. */
    public ObjectNode write(TenantDocument doc) {
        return DocumentWriter.write(doc, services);
    }

    /**
     * Encodes a document as compact JSON text (no indentation: how a store keeps it): the text of
     * {@link #write}'s tree, with each section as its codec writes it for text
     * ({@link org.dsp.spi.SectionCodec#writeForText}: the firewall keeps each rule's text).
     */
    public String writeCompactText(TenantDocument doc) {
        try {
            return MAPPER.writeValueAsString(DocumentWriter.write(doc, services, true));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Encodes a document as pretty-printed JSON text. */
    public String writeText(TenantDocument doc) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(write(doc));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
