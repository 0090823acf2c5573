package org.dsp.node.store;

import java.io.File;
import org.onosproject.store.service.ConsistentMap;
import org.onosproject.store.service.Serializer;

/** Child process of the kill -9 test: writes N entries, says so, then waits to be killed. */
public final class StoreWriterMain {
    private StoreWriterMain() {
    }

    /** Arguments: store file, number of entries. */
    public static void main(String[] args) throws InterruptedException {
        NodeStorageService s = new NodeStorageService(new File(args[0]));
        ConsistentMap<String, String> m = s.<String, String>consistentMapBuilder().withName("tenants")
                .withSerializer(Serializer.forTypes(String.class)).build();
        int n = Integer.parseInt(args[1]);
        for (int i = 0; i < n; i++) {
            m.put("t" + i, "document " + i);
        }
        System.out.println("written " + n);
        System.out.flush();
        Thread.sleep(60_000); // bounded: the test kills us long before this
    }
}
