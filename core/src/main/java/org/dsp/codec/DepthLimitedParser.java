package org.dsp.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;
import java.util.List;

/**
 * A parser that refuses nesting deeper than a limit as it reads, so a tree is built in one pass
 * and a hostile document never reaches a depth that would exhaust the stack (Jackson 2.11, which
 * ONOS ships, has no such limit of its own).
 */
final class DepthLimitedParser extends JsonParserDelegate {
    private final int limit;
    private int depth;

    DepthLimitedParser(JsonParser p, int limit) {
        super(p);
        this.limit = limit;
    }

    private void track(JsonToken t) {
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            if (++depth > limit) {
                throw new InvalidDocumentException(List.of(ValidationError.of("$", ErrorCode.TOO_MANY,
                        "the document nests deeper than " + limit + " levels (at line " + getCurrentLocation().getLineNr()
                                + ", column " + getCurrentLocation().getColumnNr() + ")")));
            }
        } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
            depth--;
        }
    }

    @Override
    public JsonToken nextToken() throws IOException {
        JsonToken t = delegate.nextToken();
        track(t);
        return t;
    }

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken t = delegate.nextValue();
        track(t);
        return t;
    }

    @Override
    public String nextFieldName() throws IOException {
        String name = delegate.nextFieldName();
        if (name == null) {
            track(delegate.currentToken()); // the end of the object
        }
        return name;
    }

    @Override
    public boolean nextFieldName(SerializableString str) throws IOException {
        boolean match = delegate.nextFieldName(str);
        if (!match && delegate.currentToken() != JsonToken.FIELD_NAME) {
            track(delegate.currentToken());
        }
        return match;
    }
}
