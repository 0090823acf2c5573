/**
 * OpenFlow 1.3 encoding of DSP flows for the standalone node: FLOW_MODs built with openflowj,
 * plus the Nicira extensions openflowj 3.2.1.onos lacks (conj_id match, conjunction, controller
 * with userdata, sample), each checked byte for byte against Open vSwitch's own encoder.
 */
package org.dsp.node.openflow;
