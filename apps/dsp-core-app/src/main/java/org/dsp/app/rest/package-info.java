/**
 * The REST API under {@code /onos/dsp/v1}: the same JAX-RS resources in ONOS (as a web
 * application) and in the standalone node.
 */
package org.dsp.app.rest;
