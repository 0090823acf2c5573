/** Microsegmentation's model: the tenant's default posture and its segments. */
package org.dsp.microseg.model;
