package org.dsp.node.openflow;

/**
 * Decides whether a packet-in from a connected switch is one the controller asked for: sent by a
 * punt flow the controller installed on that very switch (its cookie names it).
 */
@FunctionalInterface
public interface PacketGate {
    /** Returns whether the packet-in came from a punt flow installed on {@code sw}. */
    boolean admits(SwitchConnection sw, PacketIn p);
}
