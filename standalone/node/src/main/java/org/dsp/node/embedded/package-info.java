/**
 * The standalone DSP node: the ONOS services DSP uses, implemented on one machine (an OpenFlow
 * 1.3 channel to Open vSwitch, a durable store), the DSP core component on top, and the REST API.
 */
package org.dsp.node.embedded;
