/** OpenFlow 1.3 encoding of DSP flows (openflowj plus the Nicira extensions openflowj lacks). */
package org.dsp.driver.ovs.openflow;
