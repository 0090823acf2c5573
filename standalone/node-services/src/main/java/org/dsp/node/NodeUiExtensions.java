package org.dsp.node;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.onosproject.ui.UiExtension;
import org.onosproject.ui.UiExtensionService;
import org.onosproject.ui.lion.LionBundle;

/**
 * ONOS's registry of GUI extensions, as the node keeps it: apps register their views here (DSP's
 * console view does); the node serves its own console at {@code /gui} and draws no ONOS GUI, so
 * the registry only holds them - {@link #getExtensions} and {@link #getViewExtension} answer from it.
 */
final class NodeUiExtensions implements UiExtensionService {
    private final CopyOnWriteArrayList<UiExtension> extensions = new CopyOnWriteArrayList<>();

    @Override
    public void register(UiExtension extension) {
        extensions.addIfAbsent(extension);
    }

    @Override
    public void unregister(UiExtension extension) {
        extensions.remove(extension);
    }

    @Override
    public List<UiExtension> getExtensions() {
        return List.copyOf(extensions);
    }

    @Override
    public UiExtension getViewExtension(String viewId) {
        for (UiExtension e : extensions) {
            if (e.views().stream().anyMatch(v -> v.id().equals(viewId))) {
                return e;
            }
        }
        return null;
    }

    /** The node has no ONOS navigation menu to localize: none. */
    @Override
    public LionBundle getNavLionBundle() {
        return null;
    }

    /** Nothing to refresh: the node draws no ONOS GUI. */
    @Override
    public void refreshModel() {
    }
}
