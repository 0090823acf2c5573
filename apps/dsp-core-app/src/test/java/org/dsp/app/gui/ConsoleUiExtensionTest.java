package org.dsp.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.onosproject.ui.UiExtension;
import org.onosproject.ui.UiExtensionService;
import org.onosproject.ui.UiView;

/**
 * The console's view for ONOS's GUI is well-formed for ONOS's loader: one Network-menu view, the
 * css.html and js.html the GUI includes, and the view's html/js/css where the GUI looks for them
 * (app/view/dspConsole/), the page framing the console DSP's REST application serves; the
 * component registers it with ONOS's UiExtensionService and takes it back.
 */
class ConsoleUiExtensionTest {
    private static String text(InputStream in) throws Exception {
        assertNotNull(in, "resource missing");
        try (InputStream i = in) {
            return new String(i.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theExtensionsFilesAreWhereOnosLooks() throws Exception {
        UiExtension e = ConsoleUiExtension.extension(ConsoleUiExtension.class.getClassLoader());
        assertEquals(1, e.views().size());
        UiView v = e.views().get(0);
        assertEquals(ConsoleUiExtension.VIEW_ID, v.id());
        assertEquals(UiView.Category.NETWORK, v.category());
        assertEquals("DSP Console", v.label());
        assertTrue(text(e.css()).contains("app/view/dspConsole/dspConsole.css"));
        assertTrue(text(e.js()).contains("app/view/dspConsole/dspConsole.js"));
        assertTrue(text(e.resource("dspConsole", "dspConsole.html")).contains("src=\"/onos/dsp/v1/gui/\""));
        assertTrue(text(e.resource("dspConsole", "dspConsole.js")).contains("angular.module('ovDspConsole'"));
        assertTrue(text(e.resource("dspConsole", "dspConsole.css")).contains("#ov-dsp-console"));
        assertEquals(1, e.views().size(), "every resource found: ONOS keeps an extension's views only while they are");
    }

    @Test
    void theComponentRegistersTheExtensionAndTakesItBack() {
        List<String> calls = new ArrayList<>();
        ConsoleUiExtension c = new ConsoleUiExtension();
        c.uiExtensionService = new UiExtensionService() {
            @Override
            public void register(UiExtension extension) {
                calls.add("register " + extension.views().get(0).id());
            }

            @Override
            public void unregister(UiExtension extension) {
                calls.add("unregister " + extension.views().get(0).id());
            }

            @Override
            public List<UiExtension> getExtensions() {
                return List.of();
            }

            @Override
            public UiExtension getViewExtension(String viewId) {
                return null;
            }

            @Override
            public org.onosproject.ui.lion.LionBundle getNavLionBundle() {
                return null;
            }

            @Override
            public void refreshModel() {
            }
        };
        c.activate();
        c.deactivate();
        assertEquals(List.of("register dspConsole", "unregister dspConsole"), calls);
    }
}
