package org.dsp.node.flowlog;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;
import org.dsp.app.api.FlowRecord;
import org.dsp.driver.ovs.SamplePoint;
import org.dsp.model.RuleAction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's IPFIX collector (UDP): takes the flow samples the DSNs export for rules marked
 * {@code log} and adds them to the {@link FlowLogStore} as connection records with the tenant and
 * rule they name. IPFIX over UDP carries no authentication, so a message counts only when it comes
 * from the address of a connected DSN's OpenFlow channel and each record names (in its
 * virtualObsID) a DSN connected from that very address; anything else is refused, counted and
 * reported as a security event (at most once per {@value #REPORT_EVERY_MS} ms per kind). A
 * record whose tenant key or rule the node does not know (a tenant just deleted) is counted and
 * dropped. One thread reads the socket.
 */
public final class IpfixCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IpfixCollector.class);
    static final long REPORT_EVERY_MS = 10_000;
    /**
     * Exporters (source ports) per DSN address whose templates are kept, the least recently heard
     * from forgotten first: Open vSwitch uses one per bridge and collector set (a new one when its
     * export is remade), so a forged flood of source ports costs at most this many decoders.
     */
    static final int EXPORTERS_PER_ADDRESS = 2;
    /** How often the decoders of addresses no DSN connects from any more are dropped. */
    static final long SWEEP_MS = 60_000;

    /** Names the tenant and rule of a sample: {tenant id, rule name}, or null when unknown. */
    public interface RuleNames {
        /** Resolves tenant key {@code tenantKey} and rule key {@code ruleKey}. */
        String[] resolve(int tenantKey, int ruleKey);
    }

    private final DatagramSocket socket;
    private final BiPredicate<InetAddress, String> speaksFor;
    private final java.util.function.Predicate<InetAddress> isDsnAddress;
    private final RuleNames names;
    private final FlowLogStore store;
    private final BiConsumer<String, String> security;
    private final LongSupplier clock;
    /** Per DSN address, its exporters' decoders by source port, the least recently used first. */
    private final Map<InetAddress, LinkedHashMap<Integer, IpfixDecoder>> decoders = new java.util.HashMap<>();
    private final AtomicLong unknownTemplate = new AtomicLong();
    private long swept;
    private final Map<String, Long> reported = new java.util.HashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong unknownRule = new AtomicLong();
    private final Thread reader;

    /**
     * Listens on {@code bind}.
     *
     * @param isDsnAddress whether an address is a connected DSN's OpenFlow channel's
     * @param speaksFor    whether a DSN (e.g. {@code of:0000000000000002}) is connected from an address
     * @param security     where refusals are reported (kind, detail)
     */
    public IpfixCollector(InetSocketAddress bind, java.util.function.Predicate<InetAddress> isDsnAddress,
                          BiPredicate<InetAddress, String> speaksFor, RuleNames names, FlowLogStore store,
                          BiConsumer<String, String> security, LongSupplier clock) throws SocketException {
        this.socket = new DatagramSocket(bind);
        this.isDsnAddress = isDsnAddress;
        this.speaksFor = speaksFor;
        this.names = names;
        this.store = store;
        this.security = security;
        this.clock = clock;
        socket.setReceiveBufferSize(4 << 20);
        reader = new Thread(this::run, "dsp-ipfix");
        reader.setDaemon(true);
        reader.start();
    }

    /** Returns the address listened on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Returns the records added to the flow logs since start. */
    public long accepted() {
        return accepted.get();
    }

    /** Returns the messages and records refused (not from a DSN's address, or naming another DSN). */
    public long refused() {
        return refused.get();
    }

    /** Returns the messages that were not well-formed IPFIX, plus data sets whose template was not known. */
    public long undecodable() {
        return undecodable.get() + unknownTemplate.get();
    }

    /** Returns the records dropped because their tenant or rule is not known (any more). */
    public long unknownRule() {
        return unknownRule.get();
    }

    private void run() {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        while (!socket.isClosed()) {
            try {
                p.setLength(buf.length);
                socket.receive(p);
                receive(p.getAddress(), p.getPort(), ByteBuffer.wrap(buf, 0, p.getLength()));
            } catch (IOException e) {
                if (!socket.isClosed()) {
                    LOG.warn("IPFIX: receiving failed: {}", e.getMessage());
                }
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                undecodable.incrementAndGet(); // the reader goes on: one bad message must not end the flow logs
                LOG.warn("IPFIX: a message could not be handled", e);
            }
        }
    }

    /** Handles one datagram from {@code source}:{@code port}, as the reader thread does (tests and benchmarks call it directly). */
    public void receive(InetAddress source, int port, ByteBuffer message) {
        if (!isDsnAddress.test(source)) {
            refused.incrementAndGet();
            report("ipfix-unknown-exporter", "IPFIX message from " + source.getHostAddress() + ":" + port
                    + ", which is no connected DSN's address: ignored");
            return;
        }
        List<IpfixRecord> records;
        synchronized (decoders) {
            long now = clock.getAsLong();
            if (now - swept >= SWEEP_MS) { // DSNs gone: their exporters' templates too
                swept = now;
                decoders.keySet().removeIf(a -> !isDsnAddress.test(a));
            }
            LinkedHashMap<Integer, IpfixDecoder> ports = decoders.computeIfAbsent(source, k -> new LinkedHashMap<>(4, 0.75f, true));
            IpfixDecoder d = ports.computeIfAbsent(port, k -> new IpfixDecoder(unknownTemplate));
            if (ports.size() > EXPORTERS_PER_ADDRESS) {
                ports.remove(ports.keySet().iterator().next());
            }
            try {
                records = d.decode(message, now);
            } catch (IllegalArgumentException e) {
                undecodable.incrementAndGet();
                LOG.debug("IPFIX from {}:{}: {}", source.getHostAddress(), port, e.getMessage());
                return;
            }
        }
        Map<String, Boolean> speaks = new java.util.HashMap<>(); // a message's records name one DSN, as a rule: checked once
        for (IpfixRecord r : records) {
            add(source, r, r.dsn != null && speaks.computeIfAbsent(r.dsn, d -> speaksFor.test(source, d)));
        }
    }

    private void add(InetAddress source, IpfixRecord r, boolean speaks) {
        if (!speaks) {
            refused.incrementAndGet();
            report("ipfix-identity-mismatch", "IPFIX record from " + source.getHostAddress() + " names DSN " + printable(r.dsn)
                    + ", which is not connected from that address: ignored");
            return;
        }
        int ruleKey = SamplePoint.ruleKey(r.point);
        String[] tenantRule = r.domain > 0xffff ? null : names.resolve((int) r.domain, ruleKey);
        if (tenantRule == null || r.src == null || r.dst == null) {
            unknownRule.incrementAndGet();
            return;
        }
        RuleAction action = SamplePoint.action(r.point);
        FlowRecord.Builder b = FlowRecord.builder().tenant(tenantRule[0]).rule(tenantRule[1])
                .verdict(action == null ? "unknown" : action.wireName()).direction(SamplePoint.direction(r.point).wireName())
                .dsn(r.dsn).protocol(r.protocol).start(r.start).end(r.end).closed(r.finOrRst);
        if (SamplePoint.isReply(r.point)) { // the connection's record: its original direction's tuple
            b.src(r.dst).srcPort(r.dstPort).dst(r.src).dstPort(r.srcPort).replyPackets(r.packets).replyBytes(r.bytes);
        } else {
            b.src(r.src).srcPort(r.srcPort).dst(r.dst).dstPort(r.dstPort).packets(r.packets).bytes(r.bytes);
        }
        store.add(b.build());
        accepted.incrementAndGet();
    }

    /** What a record claims, safe to log: at most 40 printable ASCII characters. */
    static String printable(String s) {
        if (s == null) {
            return "(none)";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 40; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return (s.length() > 40 ? b.append("...") : b).toString();
    }

    private void report(String kind, String detail) {
        long now = clock.getAsLong();
        synchronized (reported) {
            Long last = reported.get(kind);
            if (last != null && now - last < REPORT_EVERY_MS) {
                return;
            }
            reported.put(kind, now);
        }
        security.accept(kind, detail);
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
