package org.dsp.microseg;

import org.dsp.microseg.Microseg;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.dsp.codec.DocumentCheck;
import org.dsp.codec.ErrorCode;
import org.dsp.codec.JsonFields;
import org.dsp.codec.Problems;
import org.dsp.microseg.model.Posture;
import org.dsp.microseg.model.Segment;
import org.dsp.microseg.model.Segments;
import org.dsp.model.Direction;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.SectionReading;

/** The {@code segments} section: named groups of workloads with a posture and the directions it governs. */
final class SegmentsCodec implements SectionCodec<Segments> {
    private static final String SCHEMA = SectionCodec.resource(SegmentsCodec.class, "segments.schema.json");
    @Override
    public String key() {
        return Microseg.SEGMENTS;
    }

    @Override
    public Class<Segments> type() {
        return Segments.class;
    }

    @Override
    public String schema() {
        return SCHEMA;
    }

    @Override
    public Segments read(JsonNode value, String path, SectionReading reading) {
        JsonFields f = reading.fields();
        JsonNode segs = f.problems().array(value, path);
        Map<String, Segment> out = new LinkedHashMap<>();
        for (int i = 0; segs != null && i < segs.size(); i++) {
            Segment s = segment(segs.get(i), path + "[" + i + "]", f);
            if (s != null) {
                f.unique("segment", s.name(), f.pathOf(s));
                out.put(s.name(), s);
            }
        }
        return out.isEmpty() ? null : Segments.of(out);
    }

    private static Segment segment(JsonNode n, String path, JsonFields f) {
        Problems p = f.problems();
        if (p.object(n, path) == null) {
            return null;
        }
        int before = p.list().size();
        p.onlyFields(n, path, Set.of("name", "appliedTo", "posture", "directions"));
        String name = p.name(n, "name", path, true);
        String applied = f.localRef(p.string(n, "appliedTo", path, true), path + ".appliedTo");
        Posture posture = f.enumField(n, "posture", path, Posture.values(), false);
        Set<Direction> dirs = EnumSet.noneOf(Direction.class);
        JsonNode arr = p.array(n.get("directions"), path + ".directions");
        if (arr != null && arr.size() == 0) {
            if (JsonFields.has(n, "directions")) {
                p.add(path + ".directions", ErrorCode.EMPTY, "a segment needs at least one direction");
            }
            dirs.addAll(Segment.both());
        }
        for (int i = 0; arr != null && i < arr.size(); i++) {
            Direction d = arr.get(i).isTextual() ? Direction.parse(arr.get(i).asText()) : null;
            if (d == null) {
                p.add(path + ".directions[" + i + "]", ErrorCode.BAD_VALUE, "'" + arr.get(i).asText()
                        + "' is not a direction; expected one of " + Direction.names());
            } else {
                dirs.add(d);
            }
        }
        if (p.list().size() > before || dirs.isEmpty()) {
            return null;
        }
        return f.locate(Segment.of(name, applied, posture == null ? Posture.DEFAULT_DENY : posture, dirs), path);
    }

    @Override
    public void validate(Segments value, String path, DocumentCheck check) {
        for (Segment s : value.byName().values()) {
            check.groupRef(s.appliedTo(), check.pathOf(s) + ".appliedTo");
        }
    }

    @Override
    public JsonNode write(Segments value) {
        ArrayNode segs = JsonNodeFactory.instance.arrayNode();
        for (Segment s : value.byName().values()) {
            ObjectNode o = segs.addObject().put("name", s.name()).put("appliedTo", s.appliedTo())
                    .put("posture", s.posture().wireName());
            ArrayNode d = o.putArray("directions");
            for (Direction dir : Direction.values()) {
                if (s.directions().contains(dir)) {
                    d.add(dir.wireName());
                }
            }
        }
        return segs;
    }

    @Override
    public boolean isEmpty(Segments value) {
        return value.isEmpty();
    }

    @Override
    public String describe(Segments value) {
        return value.byName().size() + " segment(s)";
    }

}
