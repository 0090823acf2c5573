package org.dsp.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.Keys;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.TunnelEndpoint;
import org.dsp.model.TenantDocument;
import org.onlab.packet.Ip4Address;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Both compile steps of a tenant whose service chain's class is large (docs/chaining.md, "Flows"):
 * examples/chain.json's red (its inspect-db chain: web to db on tcp/5432 through the IDS, two
 * instances, and the routed firewall) with {@code size} more web and {@code size} more db workloads
 * alternating over two DSNs with tunnels - (size + 2) x (size + 1) combinations of the class (97:
 * 9,702 of the 10,000 a class may have). Run from the repository's root (it reads
 * examples/chain.json); {@code -prof gc} for bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class ChainCompileBenchmark {
    @Param({"48", "97"})
    public int size;

    private TenantDocument doc;
    private Inventory inventory;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Path example = Files.exists(Path.of("examples/chain.json")) ? Path.of("examples/chain.json") : Path.of("../examples/chain.json");
        doc = TenantDocumentCodec.decode(org.dsp.testing.ScaleDocs.largeChainClass((ObjectNode) new ObjectMapper().readTree(
                Files.readString(example)), size, size));
        DeviceId d1 = DeviceId.deviceId("of:0000000000000001");
        DeviceId d2 = DeviceId.deviceId("of:0000000000000002");
        inventory = Inventory.of(Map.of(d1, PortNumber.portNumber(10), d2, PortNumber.portNumber(10)),
                Map.of(d1, TunnelEndpoint.of(PortNumber.portNumber(9), Ip4Address.valueOf("192.168.100.1")),
                        d2, TunnelEndpoint.of(PortNumber.portNumber(9), Ip4Address.valueOf("192.168.100.2"))));
        Map<DeviceId, DsnProgram> programs = compile();
        System.out.printf("%n[dsp-bench] chain class %d x %d: flows per DSN %s%n", size + 2, size + 1,
                programs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).sorted().collect(java.util.stream.Collectors.toList()));
    }

    /** Both compile steps from scratch: the tenant's document to its two DSNs' programs. */
    @Benchmark
    public Map<DeviceId, DsnProgram> compile() {
        return DsnCompiler.compile(List.of(LogicalCompiler.compile(doc, Keys.tenantKey("red"))), inventory);
    }
}
