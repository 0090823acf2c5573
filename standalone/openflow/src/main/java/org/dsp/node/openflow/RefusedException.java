package org.dsp.node.openflow;

import java.util.List;

/**
 * A batch the switch did not take as a whole: it refused one or more of its messages, a message
 * could not be encoded within OpenFlow's limits, or the switch went away. {@link #refused} names
 * the transaction ids of the messages at fault (empty when no single message is to blame).
 */
public final class RefusedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final List<Long> refused;

    /** Creates the exception with the switch's (or the encoder's) reasons and the xids at fault. */
    public RefusedException(String reasons, List<Long> refused) {
        super(reasons);
        this.refused = List.copyOf(refused);
    }

    /** Returns the xids of the messages that were refused (or could not be sent). */
    public List<Long> refused() {
        return refused;
    }
}
