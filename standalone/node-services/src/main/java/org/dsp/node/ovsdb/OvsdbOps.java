package org.dsp.node.ovsdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/** Builders of the parts of an OVSDB transaction (RFC 7047 section 5.2) the node writes. */
public final class OvsdbOps {
    private static final ObjectMapper M = new ObjectMapper();

    private OvsdbOps() {
    }

    /** Adds operation {@code op} on the row {@code uuid} of {@code table} to {@code ops}; returns it, to fill in. */
    public static ObjectNode onRow(ArrayNode ops, String op, String table, String uuid) {
        ObjectNode o = ops.addObject().put("op", op).put("table", table);
        o.putArray("where").addArray().add("_uuid").add("==").add(M.createArrayNode().add("uuid").add(uuid));
        return o;
    }

    /**
     * Adds to {@code ops} a mutation of row {@code uuid} of {@code table} that deletes the keys
     * {@code keys} from its map column {@code column} and then inserts {@code values} (none when
     * empty): the row's other keys, its owner's, stay as they are.
     */
    public static void replaceKeys(ArrayNode ops, String table, String uuid, String column, java.util.Collection<String> keys,
                                   Map<String, String> values) {
        ArrayNode mutations = onRow(ops, "mutate", table, uuid).putArray("mutations");
        ArrayNode drop = M.createArrayNode();
        keys.forEach(drop::add);
        mutations.addArray().add(column).add("delete").add(M.createArrayNode().add("set").add(drop));
        if (!values.isEmpty()) {
            mutations.addArray().add(column).add("insert").add(map(values));
        }
    }

    /** A map of strings as an OVSDB datum ({@code ["map", [[k, v], ...]]}, keys sorted). */
    public static ArrayNode map(Map<String, String> m) {
        ArrayNode pairs = M.createArrayNode();
        new TreeMap<>(m).forEach((k, v) -> pairs.addArray().add(k).add(v));
        return M.createArrayNode().add("map").add(pairs);
    }
}
