package org.dsp.node.openflow;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connected switch: its datapath id and ports, and barrier-confirmed programming. Every
 * message the node sends gets an xid; errors the switch returns are matched to the request that
 * caused them and fail that request's batch.
 */
public final class SwitchConnection {
    private static final Logger LOG = LoggerFactory.getLogger(SwitchConnection.class);
    private static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);

    private final Channel channel;
    private final AtomicLong xids = new AtomicLong(1);
    private final Map<Long, CompletableFuture<Void>> barriers = new ConcurrentHashMap<>();
    private final Map<Long, String> pending = new ConcurrentHashMap<>();
    /**
     * The latest messages sent on their own, outside any batch (packet-outs, echoes, stats and
     * flow monitor requests): an error for one of them concerns only that message, never a bundle.
     */
    private final Map<Long, org.projectfloodlight.openflow.protocol.OFType> solo = Collections.synchronizedMap(
            new java.util.LinkedHashMap<Long, org.projectfloodlight.openflow.protocol.OFType>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, org.projectfloodlight.openflow.protocol.OFType> eldest) {
            return size() > 1024;
        }
    });
    private volatile DatapathId dpid;
    private volatile List<OFPortDesc> ports = List.of();

    SwitchConnection(Channel channel) {
        this.channel = channel;
    }

    /** Returns the datapath id (known once connected). */
    public DatapathId dpid() {
        return dpid;
    }

    /** Returns the ONOS-style device id, {@code of:<16 hex digits>}. */
    public String deviceId() {
        return "of:" + dpid.toString().replace(":", "");
    }

    /** Returns the switch's ports: as described at connection time, then kept current by port-status messages. */
    public List<OFPortDesc> ports() {
        return ports;
    }

    /** Applies a port-status message to the port list. */
    void portStatus(org.projectfloodlight.openflow.protocol.OFPortStatus m) {
        OFPortDesc d = m.getDesc();
        List<OFPortDesc> next = new ArrayList<>();
        for (OFPortDesc p : ports) {
            if (!p.getPortNo().equals(d.getPortNo())) {
                next.add(p);
            }
        }
        if (m.getReason() != org.projectfloodlight.openflow.protocol.OFPortReason.DELETE) {
            next.add(d);
        }
        ports = List.copyOf(next);
    }

    /** Sends {@code frame} out of {@code port} (a PACKET_OUT from the controller, unbuffered). */
    public void packetOut(long port, byte[] frame) {
        packetOut(List.of(F.actions().output(org.projectfloodlight.openflow.types.OFPort.of((int) port), 0xffff)), frame);
    }

    /** Sends {@code frame} with {@code actions} (a PACKET_OUT from the controller, unbuffered, in_port CONTROLLER). */
    public void packetOut(List<org.projectfloodlight.openflow.protocol.action.OFAction> actions, byte[] frame) {
        send(F.buildPacketOut().setXid(nextXid()).setBufferId(org.projectfloodlight.openflow.types.OFBufferId.NO_BUFFER)
                .setInPort(org.projectfloodlight.openflow.types.OFPort.CONTROLLER).setActions(actions).setData(frame).build());
    }

    /** Returns the next transaction id. */
    public long nextXid() {
        return xids.getAndIncrement();
    }

    /** Returns the switch's address as seen by the node. */
    public java.net.SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /**
     * Sends flow mods, then a barrier; the future completes when the barrier reply arrives, or fails
     * if the switch reported an error for any of them (or disconnected).
     */
    public CompletableFuture<Void> program(List<OFMessage> messages) {
        for (OFMessage m : messages) {
            int size = Bundles.size(m);
            if (size > Bundles.MAX_MESSAGE) {
                CompletableFuture<Void> f = new CompletableFuture<>();
                f.completeExceptionally(new RefusedException("not sent to " + this + ": " + describe(m) + " is " + size
                        + " bytes, over OpenFlow's " + Bundles.MAX_MESSAGE + "-byte message limit", List.of(m.getXid())));
                return f;
            }
        }
        for (OFMessage m : messages) {
            pending.put(m.getXid(), describe(m));
            channel.write(m);
        }
        return barrier();
    }

    private final Map<Long, CompletableFuture<Void>> echoes = new ConcurrentHashMap<>();

    /** Sends an echo request; completes when the switch answers it (fails if it disconnects first). */
    public CompletableFuture<Void> echo() {
        long xid = nextXid();
        CompletableFuture<Void> f = new CompletableFuture<>();
        echoes.put(xid, f);
        send(F.buildEchoRequest().setXid(xid).setData(new byte[0]).build());
        return f;
    }

    void echoReply(long xid) {
        CompletableFuture<Void> f = echoes.remove(xid);
        if (f != null) {
            f.complete(null);
        }
    }

    /** Completes when the connection is closed. */
    public CompletableFuture<Void> closedFuture() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        channel.closeFuture().addListener(x -> f.complete(null));
        return f;
    }

    /** Sends a barrier request; completes on its reply (failed if an earlier request errored). */
    public CompletableFuture<Void> barrier() {
        long xid = nextXid();
        CompletableFuture<Void> f = new CompletableFuture<>();
        barriers.put(xid, f);
        channel.writeAndFlush(F.buildBarrierRequest().setXid(xid).build());
        return f;
    }

    /** Reads every flow of the switch (all tables); completes with the last reply part. */
    public CompletableFuture<List<WireFlow>> flowStats() {
        long xid = nextXid();
        CompletableFuture<List<WireFlow>> f = collect(xid);
        send(F.buildFlowStatsRequest().setXid(xid)
                .setTableId(org.projectfloodlight.openflow.types.TableId.ALL)
                .setOutPort(org.projectfloodlight.openflow.types.OFPort.ANY)
                .setOutGroup(org.projectfloodlight.openflow.types.OFGroup.ANY)
                .setCookie(org.projectfloodlight.openflow.types.U64.ZERO)
                .setCookieMask(org.projectfloodlight.openflow.types.U64.ZERO)
                .setMatch(F.buildMatch().build()).build());
        return f;
    }

    /** Reads every group of the switch (group descriptions, decoded by hand); completes with the last reply part. */
    public CompletableFuture<List<WireGroup>> groups() {
        long xid = nextXid();
        CompletableFuture<List<WireGroup>> f = collect(xid);
        send(F.buildGroupDescStatsRequest().setXid(xid).build());
        return f;
    }

    /**
     * Reads every port's counters (OpenFlow port statistics); completes with the last reply part, or
     * fails after {@code timeoutMillis} without one (the request then forgotten).
     */
    public CompletableFuture<List<org.projectfloodlight.openflow.protocol.OFPortStatsEntry>> portStats(long timeoutMillis) {
        long xid = nextXid();
        CompletableFuture<List<org.projectfloodlight.openflow.protocol.OFPortStatsEntry>> f = collect(xid, timeoutMillis);
        send(F.buildPortStatsRequest().setXid(xid).setPortNo(org.projectfloodlight.openflow.types.OFPort.ANY).build());
        return f;
    }

    /** The entries of a multipart reply, gathered part by part until the last. */
    private static final class StatsCollector {
        final CompletableFuture<List<Object>> future = new CompletableFuture<>();
        final List<Object> entries = new ArrayList<>();
    }

    private final Map<Long, StatsCollector> stats = new ConcurrentHashMap<>();

    /** Starts gathering the reply to request {@code xid}: its entries are of the type the request asks for. */
    private <T> CompletableFuture<List<T>> collect(long xid) {
        return collect(xid, 0);
    }

    /** As {@link #collect(long)}; with {@code timeoutMillis} above 0 it fails after that long without the last part, and is forgotten. */
    @SuppressWarnings("unchecked")
    private <T> CompletableFuture<List<T>> collect(long xid, long timeoutMillis) {
        StatsCollector c = new StatsCollector();
        stats.put(xid, c);
        if (timeoutMillis > 0) {
            c.future.orTimeout(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS).whenComplete((r, e) -> stats.remove(xid, c));
        }
        return c.future.thenApply(l -> (List<T>) (List<?>) l);
    }

    void statsPart(OpenFlowServer.StatsPart<?> part) {
        StatsCollector c = stats.get(part.xid);
        if (c == null) {
            return;
        }
        c.entries.addAll(part.entries);
        if (!part.more) {
            stats.remove(part.xid);
            c.future.complete(List.copyOf(c.entries));
        }
    }

    /** Sends one message as it is, on its own: a refusal of it concerns it alone. */
    public void send(OFMessage m) {
        solo.put(m.getXid(), m.getType()); // described only if it is refused: every packet-out passes here
        channel.writeAndFlush(m);
    }

    /** Closes the connection. */
    public void close() {
        channel.close();
    }

    void handshakeDone(DatapathId id, List<OFPortDesc> portList) {
        this.dpid = id;
        this.ports = List.copyOf(portList);
    }

    private final List<String> batchErrors = Collections.synchronizedList(new ArrayList<>());

    void error(OFErrorMsg e) {
        error(e.getXid(), e.getErrType() + " " + e);
    }

    /**
     * An error from the switch. For a message sent on its own, it is logged. When its xid belongs
     * to a bundle, that bundle fails. When it cannot be placed (an xid the node never sent, e.g. after the switch misread a message), every
     * open bundle fails too: a bundle is committed only when no error can be held against it.
     */
    void error(long xid, String what) {
        org.projectfloodlight.openflow.protocol.OFType alone = solo.remove(xid);
        if (alone != null) {
            LOG.warn("switch {} refused {} xid={}: {}", dpid == null ? channel.remoteAddress() : deviceId(), alone, xid, what);
            return;
        }
        String request = pending.getOrDefault(xid, "unknown request xid=" + xid);
        String text = "switch " + (dpid == null ? channel.remoteAddress() : deviceId()) + " refused " + request + ": " + what;
        LOG.warn(text);
        batchErrors.add(text);
        Bundle b = bundleOfXid.get(xid);
        if (b != null) {
            b.refuse(xid, text);
        } else {
            bundles.values().forEach(x -> x.refuse(-1, text));
        }
    }

    /** One bundle in flight: what the switch said about it. */
    private static final class Bundle {
        final long id;
        final int size;
        final CompletableFuture<Void> result = new CompletableFuture<>();
        final List<String> errors = Collections.synchronizedList(new ArrayList<>());
        final List<Long> refused = Collections.synchronizedList(new ArrayList<>());
        volatile boolean committed;

        Bundle(long id, int size) {
            this.id = id;
            this.size = size;
        }

        void refuse(long xid, String text) {
            errors.add(text);
            if (xid >= 0) {
                refused.add(xid);
            }
        }

        RefusedException failure(String fallback) {
            List<String> e;
            synchronized (errors) {
                e = errors.isEmpty() ? List.of(fallback) : new ArrayList<>(errors);
            }
            synchronized (refused) {
                return new RefusedException(String.join("; ", e), new ArrayList<>(refused));
            }
        }
    }

    private final java.util.concurrent.atomic.AtomicLong bundleIds = new java.util.concurrent.atomic.AtomicLong(1);
    private final Map<Long, Bundle> bundles = new ConcurrentHashMap<>();
    private final Map<Long, Bundle> bundleOfXid = new ConcurrentHashMap<>();

    /**
     * Applies the messages atomically and in order, as one OVS bundle: all of them or none.
     * Completes only when the switch accepted every message, replied to the commit, and answered
     * the barrier sent after the commit with no error in between. Fails with a
     * {@link RefusedException} otherwise - then the bundle was discarded and nothing changed. A
     * message too large for OpenFlow fails the batch before anything is sent.
     */
    public CompletableFuture<Void> commit(List<OFMessage> messages) {
        if (messages.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        long id = bundleIds.getAndIncrement();
        int flags = Bundles.FLAG_ATOMIC | Bundles.FLAG_ORDERED;
        // every message is wrapped before anything is written: one that OpenFlow cannot carry fails
        // the batch here, and the switch sees none of it
        List<OFMessage> adds = new ArrayList<>(messages.size());
        for (OFMessage m : messages) {
            try {
                adds.add(Bundles.add(id, flags, m));
            } catch (IllegalArgumentException e) {
                String text = "not sent to " + this + ": " + describe(m) + " is " + e.getMessage();
                LOG.warn(text);
                CompletableFuture<Void> f = new CompletableFuture<>();
                f.completeExceptionally(new RefusedException(text, List.of(m.getXid())));
                return f;
            }
        }
        Bundle b = new Bundle(id, messages.size());
        bundles.put(id, b);
        long open = nextXid();
        bundleOfXid.put(open, b);
        pending.put(open, "bundle " + id + " open");
        for (OFMessage m : messages) {
            pending.put(m.getXid(), describe(m));
            bundleOfXid.put(m.getXid(), b);
        }
        // the whole bundle is written by one task on the channel's event loop: a write from another
        // thread would hand every message to the loop separately (about 0.35 s per 50,000 messages).
        // On the loop itself (a commit from a stats callback) it is written at once. Either way the
        // barrier below is written after it: by a later task, or later in the same task.
        Runnable writeBundle = () -> {
            channel.write(Bundles.control(open, id, Bundles.OPEN_REQUEST, flags));
            for (OFMessage m : adds) {
                channel.write(m);
            }
        };
        if (channel.eventLoop().inEventLoop()) {
            writeBundle.run();
        } else {
            channel.eventLoop().execute(writeBundle);
        }
        // the switch validates each message as it is added: a barrier flushes out those errors, and a
        // bundle with any refused message is discarded rather than committed without it
        barrier().whenComplete((ok, err) -> {
            if (err != null || !b.errors.isEmpty()) {
                channel.writeAndFlush(Bundles.control(nextXid(), id, Bundles.DISCARD_REQUEST, flags));
                finish(b, b.failure(String.valueOf(err)));
                return;
            }
            long commit = nextXid();
            bundleOfXid.put(commit, b);
            pending.put(commit, "bundle " + id + " commit of " + messages.size() + " messages");
            channel.writeAndFlush(Bundles.control(commit, id, Bundles.COMMIT_REQUEST, flags));
            // confirmed only by a commit reply followed by the barrier's, with no error on the way
            barrier().whenComplete((ok2, err2) -> finish(b, b.committed && err2 == null && b.errors.isEmpty() ? null
                    : b.failure(err2 != null ? String.valueOf(err2.getMessage())
                    : "bundle " + id + " of " + b.size + " messages: the switch did not reply to its commit")));
        });
        return b.result;
    }

    private void finish(Bundle b, RefusedException failure) {
        bundles.remove(b.id);
        bundleOfXid.values().removeIf(x -> x == b);
        if (failure == null) {
            b.result.complete(null);
        } else {
            b.result.completeExceptionally(failure);
        }
    }

    void bundleReply(OpenFlowServer.BundleReply r) {
        if (r.type == Bundles.COMMIT_REPLY) {
            Bundle b = bundles.get(r.bundleId);
            if (b != null) {
                b.committed = true;
            }
        }
    }

    void barrierReply(long xid) {
        CompletableFuture<Void> f = barriers.remove(xid);
        pending.keySet().removeIf(x -> x < xid);
        if (f == null) {
            return;
        }
        List<String> copy;
        synchronized (batchErrors) {
            copy = new ArrayList<>(batchErrors);
            batchErrors.clear();
        }
        if (copy.isEmpty()) {
            f.complete(null);
        } else {
            f.completeExceptionally(new RefusedException(String.join("; ", copy), List.of()));
        }
    }

    void closed() {
        IllegalStateException e = new IllegalStateException("switch disconnected");
        echoes.values().forEach(f -> f.completeExceptionally(e));
        echoes.clear();
        barriers.values().forEach(f -> f.completeExceptionally(e));
        barriers.clear();
        stats.values().forEach(c -> c.future.completeExceptionally(e));
        stats.clear();
        bundles.values().forEach(b -> b.result.completeExceptionally(new RefusedException(
                "switch disconnected before bundle " + b.id + " of " + b.size + " messages was confirmed", List.of())));
        bundles.clear();
        bundleOfXid.clear();
    }

    private static String describe(OFMessage m) {
        if (!(m instanceof org.projectfloodlight.openflow.protocol.OFFlowMod)) {
            return m.getType() + " xid=" + m.getXid();
        }
        org.projectfloodlight.openflow.protocol.OFFlowMod fm = (org.projectfloodlight.openflow.protocol.OFFlowMod) m;
        return m.getType() + " xid=" + m.getXid() + " table=" + fm.getTableId() + " priority=" + fm.getPriority()
                + " cookie=0x" + Long.toHexString(fm.getCookie().getValue());
    }

    @Override
    public String toString() {
        return dpid == null ? "switch@" + channel.remoteAddress() : deviceId();
    }
}
