package org.dsp.node.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ovsdb-server's connection to the node: JSON-RPC 1.0 both ways (RFC 7047). At start it
 * monitors the Open_vSwitch, Bridge, Controller, Port, Interface, Flow_Sample_Collector_Set and
 * IPFIX tables; it answers the server's {@code echo} keepalives, applies every update to its
 * {@link OvsdbTables} and tells its listener, and sends transactions. Everything runs on the channel's event loop.
 */
public final class OvsdbSession extends SimpleChannelInboundHandler<ByteBuf> {
    private static final Logger LOG = LoggerFactory.getLogger(OvsdbSession.class);
    private static final ObjectMapper M = new ObjectMapper();
    static final String DB = "Open_vSwitch";

    /** Told of each change of a session's tables (on the session's event loop). */
    public interface Listener {
        /** The session's tables changed (first: the monitor's initial contents). */
        void changed(OvsdbSession session);

        /** The session ended. */
        void closed(OvsdbSession session);
    }

    private final Listener listener;
    private final OvsdbTables tables = new OvsdbTables();
    private final Map<String, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile Channel channel;

    OvsdbSession(Listener listener) {
        this.listener = listener;
    }

    /** Returns the tables as last updated (read them on the session's event loop, in {@link Listener#changed}). */
    public OvsdbTables tables() {
        return tables;
    }

    /** Returns the server's address. */
    public InetSocketAddress remote() {
        Channel c = channel;
        return c == null ? null : (InetSocketAddress) c.remoteAddress();
    }

    /** Returns the node's own address on this connection (where the server reaches the node). */
    public InetSocketAddress local() {
        Channel c = channel;
        return c == null ? null : (InetSocketAddress) c.localAddress();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        ObjectNode monitored = M.createObjectNode();
        monitored.putObject("Open_vSwitch").putArray("columns").add("external_ids").add("bridges");
        monitored.putObject("Bridge").putArray("columns").add("name").add("datapath_id").add("ports").add("controller")
                .add("external_ids");
        monitored.putObject("Controller").putArray("columns").add("target").add("controller_rate_limit").add("controller_burst_limit");
        monitored.putObject("Port").putArray("columns").add("name").add("interfaces");
        monitored.putObject("Interface").putArray("columns").add("name").add("type").add("options").add("ofport");
        monitored.putObject("Flow_Sample_Collector_Set").putArray("columns").add("id").add("bridge").add("ipfix").add("external_ids");
        monitored.putObject("IPFIX").putArray("columns").add("targets").add("other_config").add("cache_active_timeout")
                .add("cache_max_flows");
        ArrayNode params = M.createArrayNode().add(DB).add("dsp").add(monitored);
        request("monitor", params).whenComplete((r, e) -> {
            if (e != null) {
                LOG.warn("OVSDB {}: monitor refused: {}", remote(), e.getMessage());
                ctx.close();
                return;
            }
            tables.apply(r);
            listener.changed(this);
        });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("OVSDB connection closed")));
        pending.clear();
        listener.closed(this);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) throws Exception {
        JsonNode m = M.readTree(msg.toString(StandardCharsets.UTF_8));
        JsonNode method = m.get("method");
        if (method != null && !method.isNull()) {
            switch (method.asText()) {
                case "echo":
                    send(M.createObjectNode().<ObjectNode>set("id", m.get("id")).<ObjectNode>set("result", m.get("params"))
                            .putNull("error"));
                    break;
                case "update":
                    tables.apply(m.get("params").get(1));
                    listener.changed(this);
                    break;
                default:
                    break; // nothing else is expected from a server
            }
            return;
        }
        CompletableFuture<JsonNode> f = pending.remove(m.path("id").asText());
        if (f == null) {
            return;
        }
        JsonNode error = m.get("error");
        if (error != null && !error.isNull()) {
            f.completeExceptionally(new IllegalStateException(error.toString()));
        } else {
            f.complete(m.get("result"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) { // a read timeout too: the session ends
        LOG.warn("OVSDB {}: {}", remote(), cause.toString());
        ctx.close();
    }

    /**
     * Sends a transaction of {@code operations} on the Open_vSwitch database; completes with the
     * operations' results, or exceptionally when the server refuses it (an operation's error).
     */
    public CompletableFuture<JsonNode> transact(ArrayNode operations) {
        ArrayNode params = M.createArrayNode().add(DB);
        operations.forEach(params::add);
        return request("transact", params).thenApply(r -> {
            for (JsonNode op : r) {
                if (op.hasNonNull("error")) {
                    throw new IllegalStateException("OVSDB transaction refused: " + op);
                }
            }
            return r;
        });
    }

    /** Returns whether the connection is still open. */
    public boolean isActive() {
        Channel c = channel;
        return c != null && c.isActive();
    }

    /** Runs {@code r} on the session's event loop {@code millis} ms from now (while the session lasts). */
    public void onLoopAfter(long millis, Runnable r) {
        Channel c = channel;
        if (c != null) {
            c.eventLoop().schedule(() -> {
                if (c.isActive()) {
                    r.run();
                }
            }, millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /** Runs {@code r} on the session's event loop (where its tables are read and changed). */
    public void onLoop(Runnable r) {
        Channel c = channel;
        if (c != null) {
            c.eventLoop().execute(r);
        }
    }

    /** Closes the connection. */
    public void close() {
        Channel c = channel;
        if (c != null) {
            c.close();
        }
    }

    private CompletableFuture<JsonNode> request(String method, ArrayNode params) {
        String id = "dsp-" + ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        Channel c = channel;
        if (c == null || !c.isActive()) {
            f.completeExceptionally(new IllegalStateException("OVSDB connection closed"));
            return f;
        }
        pending.put(id, f);
        send(M.createObjectNode().put("method", method).<ObjectNode>set("params", params).put("id", id));
        return f;
    }

    private void send(ObjectNode m) {
        Channel c = channel;
        if (c == null) {
            return;
        }
        try {
            c.writeAndFlush(Unpooled.wrappedBuffer(M.writeValueAsBytes(m)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
