package org.dsp.spi;

import org.dsp.codec.JsonFields;

/** What a section codec gets while reading: the field readers (which report problems with their paths). */
public interface SectionReading {
    /** Returns the field readers of this document's reading. */
    JsonFields fields();
}
