/**
 * The node's OVSDB southbound (RFC 7047): a small JSON-RPC endpoint that each server's
 * ovsdb-server connects to ({@code ovs-vsctl set-manager tcp:NODE:6640}), monitors the tables
 * DSP needs (Open_vSwitch, Bridge, Port, Interface) and sends transactions (docs/overlay.md).
 */
package org.dsp.node.ovsdb;
