package org.dsp.node.flowlog;

/**
 * What one IPFIX data record of Open vSwitch's flow sampling says, as DSP reads it: the exporting
 * DSN (the IPFIX row's {@code virtual_obs_id}), observation domain and point (tenant key; rule,
 * action and direction: {@link org.dsp.driver.ovs.SamplePoint}), the 5-tuple, the packets and
 * bytes since the previous record of the flow, when the flow's first and last packets were seen
 * (ms since the epoch) and whether TCP FIN or RST flags were counted.
 */
final class IpfixRecord {
    String dsn;
    long domain;
    long point;
    int protocol;
    String src;
    String dst;
    int srcPort;
    int dstPort;
    long packets;
    long bytes;
    long start;
    long end;
    boolean finOrRst;

    @Override
    public String toString() {
        return dsn + " domain " + domain + " point " + point + " " + protocol + " " + src + ":" + srcPort + " -> " + dst + ":"
                + dstPort + " " + packets + "/" + bytes + " [" + start + ".." + end + "]" + (finOrRst ? " fin/rst" : "");
    }
}
