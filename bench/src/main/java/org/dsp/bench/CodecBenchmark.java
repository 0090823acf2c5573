package org.dsp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.TimeUnit;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.model.TenantDocument;
import org.dsp.spi.Services;
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
 * The document codec on the path of every change, at the size of issue 9's workload
 * ({@link ScaleDocs#ovnBench}: N rules, 10 address groups of 20 CIDRs): writing a document as its
 * JSON tree and as the compact text the store keeps, reading (validating) a stored tree, and the
 * rule API's edit - the stored document written as JSON, one rule appended, the result read back -
 * and the check of a submitted document against the published schema (networknt, relocated).
 * One thread; run with {@code -prof gc} for the bytes each operation allocates.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class CodecBenchmark {
    @Param({"1000", "5000"})
    public int size;

    private TenantDocumentCodec codec;
    private TenantDocument doc;
    private ObjectNode tree;
    private JsonNode rule;

    @Setup(Level.Trial)
    public void setup() {
        codec = TenantDocumentCodec.with(Services.discovered());
        doc = ScaleDocs.ovnBench(size, 20, DeviceId.deviceId("of:00000000000000e1"));
        tree = codec.write(doc);
        rule = TenantDocumentCodec.parse("{\"name\":\"extra\",\"direction\":\"ingress\",\"appliedTo\":\"tgt\","
                + "\"peers\":[{\"group\":\"as_0\"}],\"services\":[{\"protocol\":\"tcp\",\"ports\":[9999]}],"
                + "\"action\":\"allow\",\"stateful\":true}");
        TenantDocument back = codec.readStored(tree);
        if (!back.equals(doc)) {
            throw new IllegalStateException("the workload does not read back equal to itself");
        }
        if (!ruleEditRead().equals(ruleEdit())) {
            throw new IllegalStateException("the rule API's two ways to edit do not give one document");
        }
    }

    /** The document as its JSON tree. */
    @Benchmark
    public ObjectNode write() {
        return codec.write(doc);
    }

    /** The document as the compact JSON text the store keeps. */
    @Benchmark
    public String writeCompactText() {
        return codec.writeCompactText(doc);
    }

    /** A stored document's tree read and checked into the model. */
    @Benchmark
    public TenantDocument readStored() {
        return codec.readStored(tree);
    }

    /** The rule API's edit as it was made until session 29 (still its way for what the item edit does not vouch for): the stored document written, one rule appended to the tenant tier, read back. */
    @Benchmark
    public TenantDocument ruleEdit() {
        ObjectNode t = codec.write(doc);
        ((ArrayNode) t.path("firewall").path("tenant")).add(rule);
        return codec.readStored(t);
    }

    /**
     * The rule API's edit as it is made now: one rule read and put last into the tenant tier of the
     * document as read (the firewall's item edit, {@code TenantDocumentCodec.putItem}), with the
     * checks of that rule; no JSON of the whole document.
     */
    @Benchmark
    public TenantDocument ruleEditRead() {
        int at = codec.itemNames(doc, "firewall", "tenant").size();
        return codec.putItem(doc, "firewall", "tenant", -1, at, rule, "$.firewall.tenant[" + at + "]");
    }

    /** A submitted document held to the published schema (after the codecs read it): the validator's share of a PUT. */
    @Benchmark
    public TenantDocument schemaCheck() {
        codec.checkSchema(doc, tree);
        return doc;
    }
}
