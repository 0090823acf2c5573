package org.dsp.bench;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.dsp.node.flowlog.FlowLogStore;
import org.dsp.node.flowlog.IpfixCollector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The node's flow-log intake: IPFIX messages of 30 records each (the fields Open vSwitch sends that
 * DSP reads, with the DSN's virtualObsID) through the collector's checks, decoder and rule names
 * into a store of 100,000 records, half of the records new connections (each pushing out the least
 * recently seen) and half updates of existing ones. One thread (the collector has one reader).
 * At the end of the trial the heap per held record is printed (filled with 100,000 distinct
 * connections, after a GC).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class FlowLogBenchmark {
    static final int RECORDS_PER_MESSAGE = 30;
    static final int CAPACITY = 100_000;
    private static final byte[] DSN = "of:0000000000000002".getBytes(StandardCharsets.US_ASCII);
    private static final int[][] FIELDS = {{138, 4}, {4, 1}, {8, 4}, {12, 4}, {7, 2}, {11, 2}, {2, 8}, {1, 8}, {158, 4}, {159, 4}};

    private IpfixCollector collector;
    private FlowLogStore store;
    private final InetAddress dsn = InetAddress.getLoopbackAddress();
    private int next;
    /** The names of the 50 rules, as the node's CompiledKeys keeps them (built once per tenant change). */
    private static final String[][] NAMES = new String[50][];

    static {
        for (int i = 0; i < NAMES.length; i++) {
            NAMES[i] = new String[] {"acme", "rule-" + i};
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        store = new FlowLogStore(CAPACITY, 3600, System::currentTimeMillis);
        collector = new IpfixCollector(new InetSocketAddress(dsn, 0), dsn::equals, (a, d) -> true,
                (t, r) -> NAMES[r % NAMES.length], store, (k, d) -> { }, System::currentTimeMillis);
        collector.receive(dsn, 4000, template());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        collector.close();
        store = new FlowLogStore(CAPACITY, 3600, System::currentTimeMillis);
        collector = new IpfixCollector(new InetSocketAddress(dsn, 0), dsn::equals, (a, d) -> true,
                (t, r) -> NAMES[r % NAMES.length], store, (k, d) -> { }, System::currentTimeMillis);
        collector.receive(dsn, 4000, template());
        long before = used();
        for (int i = 0; i < CAPACITY / RECORDS_PER_MESSAGE + 1; i++) {
            collector.receive(dsn, 4000, data(i * RECORDS_PER_MESSAGE, false));
        }
        long after = used();
        System.out.printf("%nflow-log heap: %d records held, %d bytes per record%n", store.size(), (after - before) / store.size());
        collector.close();
    }

    private static long used() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
    }

    /** One message of 30 records: even messages new connections, odd ones updates of recent ones. */
    @Benchmark
    public long intake() {
        int first = next;
        next += RECORDS_PER_MESSAGE;
        collector.receive(dsn, 4000, data(first, (first / RECORDS_PER_MESSAGE) % 2 == 1));
        return store.size();
    }

    private static ByteBuffer template() {
        ByteBuffer b = ByteBuffer.allocate(16 + 4 + 4 + FIELDS.length * 4 + 8);
        header(b);
        b.putShort((short) 2).putShort((short) (b.capacity() - 16));
        b.putShort((short) 256).putShort((short) (FIELDS.length + 1));
        for (int[] f : FIELDS) {
            b.putShort((short) f[0]).putShort((short) f[1]);
        }
        b.putShort((short) (0x8000 | 898)).putShort((short) 0xffff).putInt(6876);
        return b.flip();
    }

    private static void header(ByteBuffer b) {
        b.putShort((short) 10).putShort((short) b.capacity()).putInt((int) (System.currentTimeMillis() / 1000)).putInt(1).putInt(13394);
    }

    /** Records {@code first}.. of distinct 5-tuples ({@code update}: those of the previous message again). */
    private static ByteBuffer data(int first, boolean update) {
        int recordLength = 4 + 1 + 4 + 4 + 2 + 2 + 8 + 8 + 4 + 4 + 1 + DSN.length;
        ByteBuffer b = ByteBuffer.allocate(16 + 4 + RECORDS_PER_MESSAGE * recordLength);
        header(b);
        b.putShort((short) 256).putShort((short) (b.capacity() - 16));
        int base = update ? first - RECORDS_PER_MESSAGE : first;
        for (int i = base; i < base + RECORDS_PER_MESSAGE; i++) {
            b.putInt((1 << 26) | (i % 50)).put((byte) 6).putInt(0x0a000000 | (i >>> 16)).putInt(0x0a000029)
                    .putShort((short) i).putShort((short) 5432).putLong(3).putLong(180).putInt(2_000_000).putInt(1_000_000);
            b.put((byte) DSN.length).put(DSN);
        }
        return b.flip();
    }
}
