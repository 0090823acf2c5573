package org.dsp.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dsp.compiler.Keys;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.FlowDelta;
import org.dsp.driver.ovs.Inventory;
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
 * Compile speed at N endpoints x N rules (N/10 applications, 100 DSNs; ScaleDocs.tenant): the full
 * two-step compile, and the incremental delta of changing one rule's port back and forth.
 * One thread. Flow counts are printed once per trial.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = {"-Xms2g", "-Xmx8g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class CompileBenchmark {
    @Param({"1000", "10000"})
    public int size;

    private TenantDocument doc;
    private TenantDocument[] variants;
    private LogicalCompiler logical;
    private DsnCompiler dsn;
    private int flip;

    @Setup(Level.Trial)
    public void setup() {
        doc = ScaleDocs.tenant(size, size, size / 10, 100);
        TenantDocument.Builder b = doc.toBuilder();
        org.dsp.firewall.Firewall.replaceRule(b, ScaleDocs.rule(size / 2, size / 10, 4444));
        variants = new TenantDocument[] {b.build(), doc};
        logical = new LogicalCompiler(Keys.tenantKey(doc.tenantId()));
        dsn = new DsnCompiler(Inventory.empty());
        dsn.apply(logical.update(doc));
        Map<DeviceId, DsnProgram> programs = dsn.programs();
        long total = programs.values().stream().mapToLong(DsnProgram::size).sum();
        long max = programs.values().stream().mapToLong(DsnProgram::size).max().orElse(0);
        Map<DeviceId, FlowDelta> d = dsn.apply(logical.update(variants[0]));
        int deltaOps = d.values().stream().mapToInt(FlowDelta::size).sum();
        dsn.apply(logical.update(doc));
        System.out.printf("%n[dsp-bench] size=%d endpoints=%d rules=%d dsns=%d flows total=%d max per DSN=%d;"
                + " one-rule delta=%d flow ops on %d DSNs%n", size, size, size, programs.size(), total, max, deltaOps, d.size());
    }

    /** Both compile steps from scratch: document to per-DSN programs. */
    @Benchmark
    public Map<DeviceId, DsnProgram> fullCompile() {
        return DsnCompiler.compile(List.of(LogicalCompiler.compile(doc)), Inventory.empty());
    }

    /** One rule's port changes (alternating between two versions); returns the per-DSN deltas. */
    @Benchmark
    public Map<DeviceId, FlowDelta> oneRuleDelta() {
        TenantDocument next = variants[flip];
        flip ^= 1;
        return dsn.apply(logical.update(next));
    }
}
