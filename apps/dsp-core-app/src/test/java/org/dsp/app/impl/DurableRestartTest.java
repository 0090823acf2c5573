package org.dsp.app.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dsp.app.api.RealizationState;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.node.store.NodeStorageService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the node's durable store, a restarted DspManager finds and realizes the tenants it had. */
class DurableRestartTest {
    @TempDir
    Path dir;

    @Test
    void tenantsSurviveARestart() throws Exception {
        File file = dir.resolve("node-store.db").toFile();
        NodeStorageService store = new NodeStorageService(file);
        RecordingFlowRules flows = new RecordingFlowRules();
        DspManager m = TestManagers.active(flows, store);
        long version = m.apply(TenantDocumentCodec.decode(Files.readString(Path.of("../../examples/three-tier.json")))).version();
        assertEquals(RealizationState.INSTALLED, m.status("acme").state());
        int installed = flows.count();
        TestManagers.stop(m);
        store.close();

        NodeStorageService reopened = new NodeStorageService(file);
        RecordingFlowRules again = new RecordingFlowRules();
        DspManager restarted = TestManagers.active(again, reopened);
        assertEquals(version, restarted.tenant("acme").version());
        assertEquals(RealizationState.INSTALLED, restarted.status("acme").state());
        assertEquals(installed, again.count());
        TestManagers.stop(restarted);
        reopened.close();
    }
}
