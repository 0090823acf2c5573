package org.dsp.codec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dsp.model.TenantDocument;
import org.dsp.spi.NamedItemLists;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.SectionReading;
import org.dsp.spi.Services;

/**
 * One named item put into or taken out of a section's list on a document as read, through the
 * section codec's {@link NamedItemLists} ({@link TenantDocumentCodec#putItem}). The document was
 * read whole by the same services (a stored document read again passes every check), so the
 * edited one passes them all when its section does: no other part changed, and the codec
 * implements {@link NamedItemLists} only for a section no other section's checks look at.
 */
final class ItemEditor {
    private ItemEditor() {
    }

    /**
     * The section's codec as an item editor; null when it edits no items, the document holds no such
     * section (a new section: the whole reading puts it where the services' order says), or
     * {@code doc} was not read by these services ({@link #readBy}, which also leaves out a section
     * kept raw).
     */
    private static NamedItemLists<Object> lists(Services services, TenantDocument doc, String section) {
        SectionCodec<?> c = services.section(section);
        if (!(c instanceof NamedItemLists) || doc.sections().get(section) == null || !readBy(services, doc)) {
            return null;
        }
        @SuppressWarnings("unchecked")
        NamedItemLists<Object> lists = (NamedItemLists<Object>) c;
        return lists;
    }

    /**
     * Whether every section of {@code doc} is as {@code services} read it: typed by the codec of an
     * active service, kept raw when no active service reads it. A document read before the active
     * services changed is not (a raw section of a service active now would be stored unchecked),
     * and is left to the whole reading.
     */
    private static boolean readBy(Services services, TenantDocument doc) {
        for (Map.Entry<String, Object> e : doc.sections().entrySet()) {
            SectionCodec<?> c = services.section(e.getKey());
            if (c == null ? !(e.getValue() instanceof RawSection) : !c.type().isInstance(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    static List<String> names(Services services, TenantDocument doc, String section, String list) {
        NamedItemLists<Object> lists = lists(services, doc, section);
        return lists == null ? null : lists.names(doc.sections().get(section), list);
    }

    static TenantDocument put(Services services, TenantDocument doc, String section, String list, int removeAt, int insertAt,
                              JsonNode item, String path) {
        NamedItemLists<Object> lists = lists(services, doc, section);
        if (lists == null) {
            return null;
        }
        Problems problems = new Problems();
        JsonFields fields = new JsonFields(problems);
        fields.tenantId(doc.tenantId());
        SectionReading reading = () -> fields;
        DocumentCheck check = new DocumentCheck(doc, fields, Set.of(), Set.of(), Set.of(), true);
        Object edited = lists.put(doc.sections().get(section), list, removeAt, insertAt, item, path, reading, check);
        if (edited == null || !problems.isEmpty()) {
            return null;
        }
        return doc.toBuilder().section(section, edited).build();
    }

    static TenantDocument remove(Services services, TenantDocument doc, String section, String list, int at) {
        NamedItemLists<Object> lists = lists(services, doc, section);
        return lists == null ? null : doc.toBuilder().section(section, lists.remove(doc.sections().get(section), list, at)).build();
    }
}
