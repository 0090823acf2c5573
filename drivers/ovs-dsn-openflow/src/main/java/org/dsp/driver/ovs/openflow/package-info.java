/**
 * OpenFlow 1.3 encoding of DSP flows: openflowj, plus the Nicira extensions it lacks or gets wrong,
 * written by hand and checked against {@code ovs-ofctl ofp-print} (OfCodecGoldenTest): the conj_id
 * and masked ct_label matches, a masked reg7 match (openflowj's has a wrong NXM header), and the
 * conjunction, controller-with-userdata, sample, learn, multipath, nat and check_pkt_larger actions.
 */
package org.dsp.driver.ovs.openflow;
