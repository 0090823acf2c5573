/** ONOS driver behaviours and loader for DSP DSNs on ONOS OpenFlow. */
package org.dsp.driver.ovs.onos;
