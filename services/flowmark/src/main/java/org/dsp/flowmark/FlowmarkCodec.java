package org.dsp.flowmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dsp.codec.DocumentCheck;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.JsonFields;
import org.dsp.codec.Problems;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.SectionReading;

/** Reads, checks and writes the {@code flowmarks} section: [{name, appliedTo, dscp}], dscp 1-63. */
final class FlowmarkCodec implements SectionCodec<Flowmarks> {
    static final String KEY = "flowmarks";
    private static final String SCHEMA = SectionCodec.resource(FlowmarkCodec.class, "flowmark.schema.json");
    private static final Set<String> FIELDS = Set.of("name", "appliedTo", "dscp");
    /** The most markings a document holds. */
    static final int MAX = 500;

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public Class<Flowmarks> type() {
        return Flowmarks.class;
    }

    @Override
    public String schema() {
        return SCHEMA;
    }

    @Override
    public Flowmarks read(JsonNode value, String path, SectionReading reading) {
        JsonFields f = reading.fields();
        Problems p = f.problems();
        JsonNode arr = p.array(value, path);
        if (arr != null && arr.size() > MAX) { // each marking has a priority of its own, above the claim flows'
            p.add(path, ErrorCode.TOO_MANY, "at most " + MAX + " connection markings, not " + arr.size());
            return null;
        }
        List<Flowmark> out = new ArrayList<>();
        for (int i = 0; arr != null && i < arr.size(); i++) {
            String mp = path + "[" + i + "]";
            JsonNode m = p.object(arr.get(i), mp);
            if (m == null) {
                continue;
            }
            int before = p.list().size();
            p.onlyFields(m, mp, FIELDS);
            String name = p.name(m, "name", mp, true);
            String applied = f.localRef(p.string(m, "appliedTo", mp, true), mp + ".appliedTo");
            JsonNode d = m.get("dscp");
            if (d == null || d.isNull()) {
                p.add(mp + ".dscp", ErrorCode.REQUIRED, "'dscp' is required");
            } else if (!d.isIntegralNumber() || !d.canConvertToInt() || d.asInt() < 1 || d.asInt() > 63) {
                p.add(mp + ".dscp", ErrorCode.BAD_VALUE, "'dscp' must be an integer 1-63, not " + d);
            }
            if (p.list().size() == before) {
                f.unique("flowmark", name, mp);
                out.add(f.locate(new Flowmark(name, applied, d.asInt()), mp));
            }
        }
        return out.isEmpty() ? null : new Flowmarks(out);
    }

    @Override
    public void validate(Flowmarks value, String path, DocumentCheck check) {
        for (Flowmark m : value.list()) {
            check.groupRef(m.appliedTo(), check.pathOf(m) + ".appliedTo");
        }
    }

    @Override
    public JsonNode write(Flowmarks value) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (Flowmark m : value.list()) {
            a.addObject().put("name", m.name()).put("appliedTo", m.appliedTo()).put("dscp", m.dscp());
        }
        return a;
    }

    @Override
    public boolean isEmpty(Flowmarks value) {
        return value.list().isEmpty();
    }

    @Override
    public String describe(Flowmarks value) {
        return value.list().size() + " connection marking(s)";
    }
}
