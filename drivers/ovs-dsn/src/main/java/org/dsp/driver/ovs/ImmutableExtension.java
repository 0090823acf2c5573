package org.dsp.driver.ovs;

import java.util.List;
import org.onosproject.net.flow.Extension;
import org.onosproject.net.flow.instructions.ExtensionPropertyException;

/** Base of DSP's ONOS extensions: immutable values without string-keyed properties. */
abstract class ImmutableExtension implements Extension {
    @Override
    public <T> void setPropertyValue(String key, T v) throws ExtensionPropertyException {
        throw new ExtensionPropertyException("DSP extensions are immutable; build a new one");
    }

    @Override
    public <T> T getPropertyValue(String key) throws ExtensionPropertyException {
        throw new ExtensionPropertyException("DSP extensions have no properties; use their typed accessors");
    }

    @Override
    public List<String> getProperties() {
        return List.of();
    }
}
