package org.dsp.node;

import org.onosproject.security.AuditService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONOS's audit hook for shell commands (onos-cli's commands report each run to it): the node logs
 * the user and the command line at INFO. Changes made through DSP's API go to DSP's own audit
 * log (GET /audit) as well; this one only sees shell commands run in a Karaf console.
 */
final class NodeAuditService implements AuditService {
    private static final Logger LOG = LoggerFactory.getLogger(NodeAuditService.class);

    @Override
    public boolean isAuditing() {
        return true;
    }

    @Override
    public void logUserAction(String user, String action) {
        LOG.info("shell: user {} ran {}", user, action);
    }
}
