/**
 * Flow logs on the node (docs/observability.md): each DSN's Open vSwitch exports the samples of
 * rules marked {@code log} over IPFIX (RFC 7011) to the node, which the node configured on the
 * DSN's bridge over OVSDB ({@link org.dsp.node.flowlog.IpfixExport}); {@link
 * org.dsp.node.flowlog.IpfixCollector} receives them from the DSNs' own addresses only, {@link
 * org.dsp.node.flowlog.IpfixDecoder} reads them, and {@link org.dsp.node.flowlog.FlowLogStore}
 * keeps them as connection records, bounded in number and time.
 */
package org.dsp.node.flowlog;
