package org.dsp.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dsp.compiler.Keys;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.FlowDelta;
import org.dsp.driver.ovs.Inventory;
import org.dsp.firewall.Firewall;
import org.dsp.firewall.model.Peer;
import org.dsp.firewall.model.PortSpec;
import org.dsp.firewall.model.Rule;
import org.dsp.firewall.model.Service;
import org.dsp.firewall.model.Tier;
import org.dsp.model.Direction;
import org.dsp.model.Protocol;
import org.dsp.model.RuleAction;
import org.dsp.model.TenantDocument;
import org.dsp.testing.ScaleDocs;
import org.onosproject.net.DeviceId;
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
 * Both compile steps of issue 9's one-rule change ({@link ScaleDocs#ovnBench}: N rules on one
 * target group, so every target port's flow holds N conjunction clauses): one rule added and
 * removed, alternately, producing the DSN's flow delta. One thread; {@code -prof gc} for bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class RuleChangeBenchmark {
    @Param({"1000", "5000"})
    public int size;

    private TenantDocument[] versions;
    private LogicalCompiler logical;
    private DsnCompiler dsn;
    private int flip;

    @Setup(Level.Trial)
    public void setup() {
        TenantDocument doc = ScaleDocs.ovnBench(size, 20, DeviceId.deviceId("of:00000000000000e1"));
        TenantDocument.Builder b = doc.toBuilder();
        Firewall.rule(b, Tier.TENANT, Rule.builder().name("extra").direction(Direction.INGRESS).appliedTo("tgt")
                .peer(Peer.group("as_0")).service(Service.of(Protocol.TCP, java.util.List.of(PortSpec.port(9999))))
                .action(RuleAction.ALLOW).build());
        versions = new TenantDocument[] {b.build(), doc};
        logical = new LogicalCompiler(Keys.tenantKey(doc.tenantId()));
        dsn = new DsnCompiler(Inventory.empty());
        dsn.apply(logical.update(doc));
        Map<DeviceId, FlowDelta> d = dsn.apply(logical.update(versions[0]));
        dsn.apply(logical.update(doc));
        System.out.printf("%n[dsp-bench] rules=%d one-rule delta=%d flow ops%n", size,
                d.values().stream().mapToInt(FlowDelta::size).sum());
    }

    /** The extra rule added or removed (alternately): both steps, the per-DSN delta. */
    @Benchmark
    public Map<DeviceId, FlowDelta> oneRuleDelta() {
        TenantDocument next = versions[flip];
        flip ^= 1;
        return dsn.apply(logical.update(next));
    }
}
