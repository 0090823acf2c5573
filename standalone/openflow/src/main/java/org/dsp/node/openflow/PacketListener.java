package org.dsp.node.openflow;

/** Receives packet-ins. */
public interface PacketListener {
    /** A switch sent a packet to the node. */
    void packetIn(SwitchConnection sw, PacketIn packet);
}
