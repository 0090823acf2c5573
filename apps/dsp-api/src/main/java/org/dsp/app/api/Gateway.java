package org.dsp.app.api;

/**
 * How a runtime tells the DSP core that a DSN is a NAT gateway (docs/nat.md): the device
 * annotation {@link #EXTERNAL} is {@code PORT@NEXT-HOP-MAC}, the DSN's port on the external
 * network and the MAC of the next hop there. The core counts a gateway only while its device is
 * available: when it disconnects, the tenants it served move to another gateway. The standalone
 * node sets the annotation from its {@code --gateway} option.
 */
public final class Gateway {
    /** The device annotation naming a gateway's external port and next hop. */
    public static final String EXTERNAL = "dsp.gateway";

    private Gateway() {
    }
}
