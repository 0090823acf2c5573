/** The overlay's section of the tenant document: virtual networks, their subnets and gateways. */
package org.dsp.overlay.model;
