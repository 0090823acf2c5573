package org.dsp.app.impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.dsp.app.api.AuditEntry;
import org.dsp.app.api.AuditLog;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.Serializer;
import org.onosproject.store.service.StorageService;
import org.onosproject.store.service.Versioned;

/**
 * The audit log in a ConsistentMap ({@code dsp-audit}: sequence number to the entry's JSON).
 * Sequence numbers are dense (1, 2, ...): an entry is added with {@code putIfAbsent} at the next
 * free number, so members of a cluster never overwrite each other; nothing ever removes or replaces
 * an entry. The node's map commits every write to disk before returning.
 */
public final class AuditStore implements AuditLog {
    static final String AUDIT = "dsp-audit";
    /** The most entries one query reads, however few match. */
    static final int SCAN_LIMIT = 200_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ConsistentMap<Long, String> entries;
    private long next;

    AuditStore(StorageService storage) {
        entries = storage.<Long, String>consistentMapBuilder().withName(AUDIT)
                .withSerializer(Serializer.forTypes(Long.class, String.class)).build();
        next = entries.size() + 1L;
    }

    @Override
    public synchronized AuditEntry record(AuditEntry e) {
        long now = System.currentTimeMillis();
        while (true) {
            AuditEntry stored = new AuditEntry(next, now, e.actor(), e.from(), e.kind(), e.tenant(), e.version(),
                    e.summary(), e.result());
            Versioned<String> held = entries.putIfAbsent(next, encode(stored));
            next++;
            if (held == null) {
                return stored;
            }
        }
    }

    @Override
    public List<AuditEntry> newest(int limit, long since, Predicate<AuditEntry> filter) {
        List<AuditEntry> out = new ArrayList<>();
        long top = entries.size();
        for (long seq = top; seq > Math.max(since, 0) && seq > top - SCAN_LIMIT && out.size() < limit; seq--) {
            Versioned<String> v = entries.get(seq);
            if (v != null) {
                AuditEntry e = decode(v.value());
                if (filter.test(e)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    @Override
    public long size() {
        return entries.size();
    }

    static String encode(AuditEntry e) {
        return json(e).toString();
    }

    /** Returns the entry as a JSON object (the audit log's and the REST API's shape). */
    public static com.fasterxml.jackson.databind.node.ObjectNode json(AuditEntry e) {
        com.fasterxml.jackson.databind.node.ObjectNode o = MAPPER.createObjectNode().put("seq", e.seq()).put("time", e.time())
                .put("actor", e.actor()).put("from", e.from()).put("kind", e.kind());
        if (e.tenant() == null) {
            o.putNull("tenant");
        } else {
            o.put("tenant", e.tenant());
        }
        return o.put("version", e.version()).put("summary", e.summary()).put("result", e.result());
    }

    static AuditEntry decode(String json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            return new AuditEntry(n.path("seq").asLong(), n.path("time").asLong(), n.path("actor").asText(null),
                    n.path("from").asText(null), n.path("kind").asText(null), n.path("tenant").isNull() ? null
                    : n.path("tenant").asText(null), n.path("version").asLong(), n.path("summary").asText(null),
                    n.path("result").asText(null));
        } catch (java.io.IOException ex) {
            throw new IllegalStateException("unreadable audit entry", ex);
        }
    }
}
