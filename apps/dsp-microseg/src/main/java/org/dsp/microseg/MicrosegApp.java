package org.dsp.microseg;

import org.dsp.app.api.NetworkService;
import org.dsp.app.api.NetworkServiceApp;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DSP microsegmentation app: while this component is active, the DSP core enforces the
 * {@link NetworkService#MICROSEGMENTATION} sections of every tenant document; when the app is deactivated
 * the core removes exactly the flows of those sections (documents are kept; applying one that
 * uses the section is refused until the app is back).
 */
@Component(immediate = true, service = NetworkServiceApp.class)
public class MicrosegApp implements NetworkServiceApp {
    private final Logger log = LoggerFactory.getLogger(getClass());

    @Override
    public NetworkService service() {
        return NetworkService.MICROSEGMENTATION;
    }

    /** Logs that the service is on. */
    @Activate
    protected void activate() {
        log.info("DSP {} enabled", NetworkService.MICROSEGMENTATION.wireName());
    }

    /** Logs that the service is off. */
    @Deactivate
    protected void deactivate() {
        log.info("DSP {} disabled", NetworkService.MICROSEGMENTATION.wireName());
    }
}
