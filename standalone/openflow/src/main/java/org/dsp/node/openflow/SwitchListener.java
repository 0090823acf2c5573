package org.dsp.node.openflow;

import org.projectfloodlight.openflow.protocol.OFPortStatus;

/** Hears about switches connecting to and leaving the node's OpenFlow server. */
public interface SwitchListener {
    /** A switch finished the handshake and is ready for programming. */
    void connected(SwitchConnection sw);

    /** A switch disconnected (closed, or found dead by the echo keep-alive). */
    void disconnected(SwitchConnection sw);

    /** A connected switch reported a port added, deleted or changed (the switch's port list is already updated). */
    default void portChanged(SwitchConnection sw, OFPortStatus status) {
    }

    /** A connected switch's flows were changed by someone other than this node (its flow monitor said so). */
    default void flowsChanged(SwitchConnection sw) {
    }
}
