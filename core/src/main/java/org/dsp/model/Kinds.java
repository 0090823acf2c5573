package org.dsp.model;

/** Parsing and listing of wire-named enums (for the model and the services). */
public final class Kinds {
    private Kinds() {
    }

    /** Parses a wire name (lower-case, dash separated) into the enum constant with that name. */
    public static <E extends Enum<E> & WireNamed> E parse(Class<E> type, String text) {
        for (E e : type.getEnumConstants()) {
            if (e.wireName().equals(text)) {
                return e;
            }
        }
        return null;
    }

    /** Lists the accepted wire names of an enum, for error messages. */
    public static <E extends Enum<E> & WireNamed> String names(Class<E> type) {
        StringBuilder sb = new StringBuilder();
        for (E e : type.getEnumConstants()) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.wireName());
        }
        return sb.toString();
    }
}
