/**
 * DSP microsegmentation: the tenant's default posture and its segments, which isolate workloads;
 * registered with the DSP core through the service SPI ({@link org.dsp.spi.ServiceApp}).
 */
package org.dsp.microseg;
