package org.dsp.node.openflow;

/** Hears about switches connecting to and leaving the node's OpenFlow server. */
public interface SwitchListener {
    /** A switch finished the handshake and is ready for programming. */
    void connected(SwitchConnection sw);

    /** A switch disconnected (closed, or found dead by the echo keep-alive). */
    void disconnected(SwitchConnection sw);
}
