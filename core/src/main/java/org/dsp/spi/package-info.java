/**
 * The service SPI: what a network service app (firewall, microsegmentation, load balancing, ...)
 * declares so the core can carry it without knowing it by name - its document sections (schema,
 * decoding, cross-reference checks), its pipeline stages and owner kinds, its step-1 compiler and
 * its reference semantics for the oracle. A service registers one {@link org.dsp.spi.ServiceApp}:
 * as an OSGi service in ONOS and the node, through {@link java.util.ServiceLoader} elsewhere
 * (CLI, tests). docs/services.md walks through adding one.
 */
package org.dsp.spi;
