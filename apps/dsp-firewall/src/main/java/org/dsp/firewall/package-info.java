/**
 * The DSP stateful firewall app: the {@code firewall} section of the tenant document, its tier
 * stages, its step-1 compiler and reference semantics, registered with the DSP core through the
 * service SPI ({@link org.dsp.spi.ServiceApp}).
 */
package org.dsp.firewall;
