/** The overlay service app: tenant virtual networks, tunnels between DSNs, ARP at the DSN, distributed routing. */
package org.dsp.overlay;
