package org.dsp.app.gui;

import java.util.List;
import org.onosproject.ui.UiExtension;
import org.onosproject.ui.UiExtensionService;
import org.onosproject.ui.UiView;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;

/**
 * The DSP console as a view of ONOS's own web GUI (docs/gui.md): an entry "DSP Console" in the
 * GUI's Network menu whose view holds the console DSP's REST application serves at
 * {@code /onos/dsp/v1/gui/}. Registered with ONOS's UiExtensionService (the standalone node, which
 * serves the console at {@code /gui/}, registers one that only holds extensions); where none runs
 * this component stays unsatisfied and nothing else depends on it.
 */
@Component(immediate = true)
public class ConsoleUiExtension {
    /** The view's id: its menu entry, and its resources under {@code app/view/dspConsole/}. */
    public static final String VIEW_ID = "dspConsole";
    /** Where the extension's css.html and js.html (the files ONOS's GUI includes) are. */
    public static final String RESOURCES = "dspgui";

    @Reference(cardinality = ReferenceCardinality.MANDATORY)
    protected UiExtensionService uiExtensionService;

    private UiExtension extension;

    /** Returns the extension: one view in the Network category, its files in this bundle. */
    public static UiExtension extension(ClassLoader loader) {
        return new UiExtension.Builder(loader, List.of(new UiView(UiView.Category.NETWORK, VIEW_ID, "DSP Console", "nav_hosts")))
                .resourcePath(RESOURCES).build();
    }

    @Activate
    protected void activate() {
        extension = extension(getClass().getClassLoader());
        uiExtensionService.register(extension);
    }

    @Deactivate
    protected void deactivate() {
        uiExtensionService.unregister(extension);
    }
}
