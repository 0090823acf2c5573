package org.dsp.driver.ovs.onos;

import org.onosproject.net.driver.AbstractDriverLoader;
import org.osgi.service.component.annotations.Component;

/**
 * Registers DSP's driver "dsp-ovs" with ONOS (dsp-drivers.xml): the OVS driver plus DSP's
 * extension interpreters and resolvers. A DSN is bound to it with network configuration
 * ({@code devices/<id>/basic/driver = "dsp-ovs"}), not by automatic matching.
 */
@Component(immediate = true)
public class DspDriversLoader extends AbstractDriverLoader {
    /** The name of DSP's driver. */
    public static final String DRIVER = "dsp-ovs";

    /** Creates the loader of dsp-drivers.xml. */
    public DspDriversLoader() {
        super("/dsp-drivers.xml");
    }
}
