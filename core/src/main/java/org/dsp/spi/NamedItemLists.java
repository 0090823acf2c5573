package org.dsp.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.dsp.codec.DocumentCheck;

/**
 * What a {@link SectionCodec} may also implement when its section holds named lists of named items
 * (the firewall: its tiers of rules): one item put into or taken out of a list on the document as
 * read, without writing the whole document to JSON and reading all of it again. The rule API
 * uses it as its fast path for a change that checks clean; a method answers null whenever the
 * edited section would not pass every check {@link SectionCodec#read} and
 * {@link SectionCodec#validate} make, or it cannot tell, and the caller then edits the document's
 * JSON and reads it whole - which reports every problem. So this path only ever accepts what the
 * whole reading accepts, with the same result. Implement it only for a section that no other
 * section's checks look at (not at its items, nor at whether it is there): the core checks the
 * edited section alone - the firewall's rules qualify; a section that, say, a chain needs would not.
 *
 * @param <T> the section's type
 */
public interface NamedItemLists<T> {
    /**
     * Returns the names of the items of list {@code list}, in order; null when the section has no
     * list of that name (nothing else can be told here).
     *
     * @param value the section (the document holds it)
     * @param list the list's name (its field in the section)
     */
    List<String> names(T value, String list);

    /**
     * Returns the section with {@code item} read (as {@link SectionCodec#read} reads an item of
     * {@code list}, reporting to {@code reading}'s problems) and put at index {@code insertAt} of
     * {@code list}, after the item at {@code removeAt} (-1: none) was taken out; null when the
     * item does not read, or the section with it would not pass {@link SectionCodec#read}'s and
     * {@link SectionCodec#validate}'s checks (a name used twice, a list over its limit, a reference
     * to nothing, checked with {@code check}).
     *
     * @param value the section (the document holds it)
     * @param path where the item will stand in the document ({@code $.firewall.tenant[3]})
     */
    T put(T value, String list, int removeAt, int insertAt, JsonNode item, String path, SectionReading reading,
          DocumentCheck check);

    /**
     * Returns the section without the item at index {@code at} of {@code list}, or null when it
     * is then empty (the document holds no such section any more, as {@link SectionCodec#read}
     * reads an empty one).
     */
    T remove(T value, String list, int at);
}
