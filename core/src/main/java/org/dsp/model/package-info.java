/** Typed, immutable tenant service intent model. */
package org.dsp.model;
