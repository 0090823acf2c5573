package org.dsp.model;

/** Parsing and listing of wire-named enums (for the model and the services). */
public final class Kinds {
    private Kinds() {
    }

    /** Each wire-named enum's constants by wire name, built once per enum (documents parse thousands of fields). */
    private static final ClassValue<java.util.Map<String, Object>> BY_WIRE_NAME = new ClassValue<>() {
        @Override
        protected java.util.Map<String, Object> computeValue(Class<?> type) {
            java.util.Map<String, Object> m = new java.util.HashMap<>();
            for (Object e : type.getEnumConstants()) {
                String name = ((WireNamed) e).wireName();
                if (name != null) {
                    m.putIfAbsent(name, e); // the first constant of a name, as a scan would find it
                }
            }
            return java.util.Map.copyOf(m);
        }
    };

    /** Parses a wire name (lower-case, dash separated) into the enum constant with that name, or null. */
    public static <E extends Enum<E> & WireNamed> E parse(Class<E> type, String text) {
        return text == null ? null : type.cast(BY_WIRE_NAME.get(type).get(text));
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
