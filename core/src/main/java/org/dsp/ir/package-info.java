/**
 * The one intermediate representation of DSP: logical flows per tenant, device independent, each
 * with a stage, a priority, a match over endpoints, peers and services, a verdict and an owner.
 */
package org.dsp.ir;
