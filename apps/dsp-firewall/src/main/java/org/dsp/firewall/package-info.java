/** The DSP stateful firewall ONOS app: one component that switches the service on in the DSP core. */
package org.dsp.firewall;
