/** ONOS (Karaf) shell commands: dsp-tenants, dsp-apply, dsp-flows, dsp-status. */
package org.dsp.app.cli;
