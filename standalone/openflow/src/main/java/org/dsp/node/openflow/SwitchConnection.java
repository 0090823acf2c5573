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
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
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

    /** Returns the ports the switch described at connection time. */
    public List<OFPortDesc> ports() {
        return ports;
    }

    /** Returns the errors the switch reported, with the request that caused each. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Returns the next transaction id. */
    public long nextXid() {
        return xids.getAndIncrement();
    }

    /** Returns whether the channel is open. */
    public boolean isConnected() {
        return channel.isActive();
    }

    /**
     * Sends flow mods, then a barrier; the future completes when the barrier reply arrives, or fails
     * if the switch reported an error for any of them (or disconnected).
     */
    public CompletableFuture<Void> program(List<OFMessage> messages) {
        for (OFMessage m : messages) {
            pending.put(m.getXid(), describe(m));
            channel.write(m);
        }
        return barrier();
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
        CompletableFuture<List<WireFlow>> f = new CompletableFuture<>();
        stats.put(xid, new StatsCollector(f));
        channel.writeAndFlush(F.buildFlowStatsRequest().setXid(xid)
                .setTableId(org.projectfloodlight.openflow.types.TableId.ALL)
                .setOutPort(org.projectfloodlight.openflow.types.OFPort.ANY)
                .setOutGroup(org.projectfloodlight.openflow.types.OFGroup.ANY)
                .setCookie(org.projectfloodlight.openflow.types.U64.ZERO)
                .setCookieMask(org.projectfloodlight.openflow.types.U64.ZERO)
                .setMatch(F.buildMatch().build()).build());
        return f;
    }

    private static final class StatsCollector {
        final CompletableFuture<List<WireFlow>> future;
        final List<WireFlow> flows = new ArrayList<>();

        StatsCollector(CompletableFuture<List<WireFlow>> future) {
            this.future = future;
        }
    }

    private final Map<Long, StatsCollector> stats = new ConcurrentHashMap<>();

    void flowStatsPart(OpenFlowServer.FlowStatsPart part) {
        StatsCollector c = stats.get(part.xid);
        if (c == null) {
            return;
        }
        c.flows.addAll(part.flows);
        if (!part.more) {
            stats.remove(part.xid);
            c.future.complete(List.copyOf(c.flows));
        }
    }

    /** Sends one message as it is. */
    public void send(OFMessage m) {
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
        String request = pending.getOrDefault(e.getXid(), "unknown request xid=" + e.getXid());
        String text = "switch " + (dpid == null ? channel.remoteAddress() : deviceId()) + " refused " + request + ": "
                + e.getErrType() + " " + e;
        LOG.warn(text);
        errors.add(text);
        batchErrors.add(text);
    }

    void barrierReply(long xid) {
        CompletableFuture<Void> f = barriers.remove(xid);
        pending.keySet().removeIf(x -> x < xid);
        if (f == null) {
            return;
        }
        if (batchErrors.isEmpty()) {
            f.complete(null);
        } else {
            List<String> copy;
            synchronized (batchErrors) {
                copy = new ArrayList<>(batchErrors);
                batchErrors.clear();
            }
            f.completeExceptionally(new IllegalStateException(String.join("; ", copy)));
        }
    }

    void closed() {
        IllegalStateException e = new IllegalStateException("switch disconnected");
        barriers.values().forEach(f -> f.completeExceptionally(e));
        barriers.clear();
        stats.values().forEach(c -> c.future.completeExceptionally(e));
        stats.clear();
    }

    private static String describe(OFMessage m) {
        return m.getType() + " xid=" + m.getXid() + (m instanceof org.projectfloodlight.openflow.protocol.OFFlowMod
                ? " table=" + ((org.projectfloodlight.openflow.protocol.OFFlowMod) m).getTableId()
                + " priority=" + ((org.projectfloodlight.openflow.protocol.OFFlowMod) m).getPriority() : "");
    }

    @Override
    public String toString() {
        return dpid == null ? "switch@" + channel.remoteAddress() : deviceId();
    }
}
