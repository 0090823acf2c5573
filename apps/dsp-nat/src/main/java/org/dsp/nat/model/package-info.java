/** The {@code nat} section's immutable values: pool rules, floating IPs and port forwards. */
package org.dsp.nat.model;
