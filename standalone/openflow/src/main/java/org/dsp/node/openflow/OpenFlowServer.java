package org.dsp.node.openflow;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFBarrierReply;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's OpenFlow 1.3 listener (Netty). Per connection: HELLO, FEATURES, port description,
 * SET_CONFIG, then a barrier; once it returns the switch is announced to the listeners. Echo
 * requests are answered; an idle switch is probed with echo and closed when it stays silent.
 */
public final class OpenFlowServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpenFlowServer.class);
    private static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);
    private static final int OFPT_MULTIPART_REPLY = 19;
    private static final int OFPT_PACKET_IN = 10;
    private static final int OFPMP_FLOW = 1;
    private static final int OFPMP_GROUP_DESC = 7;

    /** A bundle control reply (ONF extension). */
    static final class BundleReply {
        final long xid;
        final long bundleId;
        final int type;

        BundleReply(long xid, long bundleId, int type) {
            this.xid = xid;
            this.bundleId = bundleId;
            this.type = type;
        }
    }

    /** An error message openflowj could not parse. */
    static final class RawError {
        final long xid;
        final int type;
        final int code;

        RawError(long xid, int type, int code) {
            this.xid = xid;
            this.type = type;
            this.code = code;
        }
    }

    /** One part of a multipart reply: flow stats ({@link WireFlow}) or group descriptions ({@link WireGroup}), decoded by hand, or port stats. */
    static final class StatsPart<T> {
        final long xid;
        final boolean more;
        final List<T> entries;

        StatsPart(long xid, boolean more, List<T> entries) {
            this.xid = xid;
            this.more = more;
            this.entries = entries;
        }
    }

    /** How long a connected switch has to answer an echo when another connection claims its datapath id. */
    static final long CLAIM_PROBE_MILLIS = 2000;

    private final List<SwitchListener> listeners = new CopyOnWriteArrayList<>();
    private final List<SecurityListener> securityListeners = new CopyOnWriteArrayList<>();
    private volatile PacketGate gate = (sw, p) -> true;
    private final List<PacketListener> packetListeners = new CopyOnWriteArrayList<>();
    private final Map<String, SwitchConnection> switches = new ConcurrentHashMap<>();
    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup(2);
    private final int echoSeconds;
    private Channel server;
    private volatile javax.net.ssl.SSLContext tls;
    private volatile java.util.function.BiPredicate<java.security.cert.X509Certificate, String> mayClaim;
    private final java.util.concurrent.atomic.AtomicLong tlsRefusalLogged = new java.util.concurrent.atomic.AtomicLong();

    /** Creates a server whose keep-alive probes an idle switch after {@code echoSeconds} and drops it after three silent periods. */
    public OpenFlowServer(int echoSeconds) {
        this.echoSeconds = echoSeconds;
    }

    /** Runs one listener; a listener that throws is logged and does not stop the others or close the channel. */
    private static void each(String what, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed", what, e);
        }
    }

    /** Adds a listener. */
    public void addListener(SwitchListener l) {
        listeners.add(l);
    }

    /** Adds a listener for security events (refused connections and packet-ins). */
    public void addSecurityListener(SecurityListener l) {
        securityListeners.add(l);
    }

    /** Sets what decides whether a packet-in reaches the packet listeners (default: every one from a connected switch). */
    public void setPacketGate(PacketGate g) {
        gate = g;
    }

    private void security(String kind, String detail) {
        LOG.warn("security: {}: {}", kind, detail);
        securityListeners.forEach(l -> each("security listener", () -> l.event(kind, detail)));
    }

    /** Adds a packet-in listener. */
    public void addPacketListener(PacketListener l) {
        packetListeners.add(l);
    }

    /** Returns the connected switch with this device id, or null (no copy: for per-packet and per-batch lookups). */
    public SwitchConnection switchOf(String deviceId) {
        return switches.get(deviceId);
    }

    /** Returns whether a switch with this device id is connected. */
    public boolean isConnected(String deviceId) {
        return switches.containsKey(deviceId);
    }

    /** Returns the connected switches by device id (a copy). */
    public Map<String, SwitchConnection> switches() {
        return Map.copyOf(switches);
    }

    /**
     * Serves OpenFlow over TLS (from the next {@link #start}): every switch must present a
     * certificate that {@code context}'s trust managers accept, and at the end of the handshake
     * {@code mayClaim} must accept the certificate for the datapath id the switch claims (its
     * device id, {@code of:...}); otherwise the connection is closed before it gets anything and a
     * {@code switch-certificate-refused} security event is recorded.
     */
    public void useTls(javax.net.ssl.SSLContext context,
                       java.util.function.BiPredicate<java.security.cert.X509Certificate, String> mayClaim) {
        this.tls = context;
        this.mayClaim = mayClaim;
    }

    /** Starts listening on {@code address}; returns the bound port. */
    public int start(InetSocketAddress address) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            javax.net.ssl.SSLEngine engine = tls.createSSLEngine();
                            engine.setUseClientMode(false);
                            engine.setNeedClientAuth(true);
                            engine.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                            ch.pipeline().addLast(new io.netty.handler.ssl.SslHandler(engine));
                        }
                        ch.pipeline()
                                .addLast(new IdleStateHandler(echoSeconds * 3, echoSeconds, 0, TimeUnit.SECONDS))
                                .addLast(new LengthFieldBasedFrameDecoder(0xffff, 2, 2, -4, 0))
                                .addLast(new Decoder())
                                .addLast(new Encoder())
                                .addLast(new Handler());
                    }
                });
        server = b.bind(address).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Frames to openflowj messages; messages openflowj cannot parse are logged and skipped. */
    private static final class Decoder extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            int start = in.readerIndex();
            int length = in.getUnsignedShort(start + 2);
            int type = in.getUnsignedByte(start + 1);
            if (type == OFPT_MULTIPART_REPLY && length >= 16 && in.getUnsignedShort(start + 8) == OFPMP_FLOW) {
                // flow stats carry DSP's Nicira fields and actions, which openflowj cannot parse: decode them here
                boolean more = (in.getUnsignedShort(start + 10) & 1) != 0;
                out.add(new StatsPart<>(in.getUnsignedInt(start + 4), more, WireFlow.fromFlowStatsReply(in)));
                in.readerIndex(start + length);
                return;
            }
            if (type == OFPT_MULTIPART_REPLY && length >= 16 && in.getUnsignedShort(start + 8) == OFPMP_GROUP_DESC) {
                // group buckets carry DSP's Nicira actions too
                boolean more = (in.getUnsignedShort(start + 10) & 1) != 0;
                out.add(new StatsPart<>(in.getUnsignedInt(start + 4), more, WireGroup.fromGroupDescReply(in)));
                in.readerIndex(start + length);
                return;
            }
            if (type == OFPT_MULTIPART_REPLY && FlowMonitor.is(in, start, length)) {
                out.add(new FlowMonitor.Report(FlowMonitor.foreignChange(in, start, length)));
                in.readerIndex(start + length);
                return;
            }
            if (type == OFPT_PACKET_IN && length >= 32) {
                out.add(PacketIn.decode(in));
                in.readerIndex(start + length);
                return;
            }
            if (type == 4 && length >= 24 && in.getInt(start + 8) == Bundles.ONF_EXPERIMENTER
                    && in.getInt(start + 12) == Bundles.ONF_ET_BUNDLE_CONTROL) {
                out.add(new BundleReply(in.getUnsignedInt(start + 4), in.getUnsignedInt(start + 16),
                        in.getUnsignedShort(start + 20)));
                in.readerIndex(start + length);
                return;
            }
            try {
                OFMessage m = OFFactories.getGenericReader().readFrom(in);
                if (m != null) {
                    out.add(m);
                }
            } catch (OFParseError e) {
                if (type == 1) {
                    // an error openflowj cannot represent (e.g. a bundle error): keep its xid, type and code
                    out.add(new RawError(in.getUnsignedInt(start + 4), in.getUnsignedShort(start + 8), in.getUnsignedShort(start + 10)));
                } else {
                    LOG.warn("cannot parse a {}-byte message from {}: {}", length, ctx.channel().remoteAddress(), e.getMessage());
                }
            }
            in.readerIndex(start + length);
        }
    }

    private static final class Encoder extends MessageToByteEncoder<OFMessage> {
        @Override
        protected void encode(ChannelHandlerContext ctx, OFMessage m, ByteBuf out) {
            int start = out.writerIndex();
            m.writeTo(out);
            if (out.writerIndex() - start > Bundles.MAX_MESSAGE) {
                // its length field would have wrapped: never let the switch read the rest as other messages
                out.writerIndex(start);
                throw new io.netty.handler.codec.EncoderException(m.getType() + " xid=" + m.getXid() + " exceeds "
                        + Bundles.MAX_MESSAGE + " bytes; not sent");
            }
        }
    }

    private final class Handler extends io.netty.channel.ChannelInboundHandlerAdapter {
        private SwitchConnection sw;
        private OFFeaturesReply features;
        private long handshakeBarrier = -1;
        private List<OFPortDesc> ports = List.of();

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            sw = new SwitchConnection(ctx.channel());
            ctx.writeAndFlush(F.buildHello().setXid(sw.nextXid()).build());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof StatsPart) {
                sw.statsPart((StatsPart<?>) msg);
                return;
            }
            if (msg instanceof PacketIn) {
                PacketIn p = (PacketIn) msg;
                // only the connection that holds its datapath id, and only from a punt flow the node installed there
                if (sw.dpid() == null || switches.get(sw.deviceId()) != sw) {
                    return;
                }
                if (!gate.admits(sw, p)) {
                    forged(sw, p);
                    return;
                }
                packetListeners.forEach(l -> each("packet-in listener", () -> l.packetIn(sw, p)));
                return;
            }
            if (msg instanceof FlowMonitor.Report) {
                if (((FlowMonitor.Report) msg).foreign && sw.dpid() != null && switches.get(sw.deviceId()) == sw) {
                    listeners.forEach(l -> each("flow change listener", () -> l.flowsChanged(sw)));
                }
                return;
            }
            if (msg instanceof BundleReply) {
                sw.bundleReply((BundleReply) msg);
                return;
            }
            if (msg instanceof RawError) {
                RawError e = (RawError) msg;
                sw.error(e.xid, "error type " + e.type + " code " + e.code);
                return;
            }
            if (msg instanceof OFMessage) {
                read(ctx, (OFMessage) msg);
            }
        }

        private void read(ChannelHandlerContext ctx, OFMessage m) {
            if (m instanceof OFHello) {
                if (m.getVersion() != OFVersion.OF_13 && m.getVersion().compareTo(OFVersion.OF_13) < 0) {
                    LOG.warn("{} speaks only {}; closing", ctx.channel().remoteAddress(), m.getVersion());
                    ctx.close();
                    return;
                }
                ctx.writeAndFlush(F.buildFeaturesRequest().setXid(sw.nextXid()).build());
            } else if (m instanceof OFFeaturesReply) {
                if (features != null) {
                    // a switch says who it is once: another FEATURES_REPLY naming another id is an attempt to change identity
                    if (!((OFFeaturesReply) m).getDatapathId().equals(features.getDatapathId())) {
                        security("switch-identity-conflict", ctx.channel().remoteAddress() + " connected as "
                                + features.getDatapathId() + " then claimed " + ((OFFeaturesReply) m).getDatapathId() + "; closed");
                        ctx.close();
                    }
                    return;
                }
                features = (OFFeaturesReply) m;
                ctx.write(F.buildPortDescStatsRequest().setXid(sw.nextXid()).build());
                ctx.write(F.buildSetConfig().setXid(sw.nextXid()).setMissSendLen(0xffff).build());
                handshakeBarrier = sw.nextXid();
                ctx.writeAndFlush(F.buildBarrierRequest().setXid(handshakeBarrier).build());
            } else if (m instanceof org.projectfloodlight.openflow.protocol.OFPortStatsReply) {
                org.projectfloodlight.openflow.protocol.OFPortStatsReply r = (org.projectfloodlight.openflow.protocol.OFPortStatsReply) m;
                sw.statsPart(new StatsPart<>(r.getXid(), r.getFlags().contains(org.projectfloodlight.openflow.protocol.OFStatsReplyFlags.REPLY_MORE),
                        r.getEntries()));
            } else if (m instanceof OFPortDescStatsReply) {
                ports = ((OFPortDescStatsReply) m).getEntries();
            } else if (m instanceof org.projectfloodlight.openflow.protocol.OFPortStatus) {
                org.projectfloodlight.openflow.protocol.OFPortStatus ps = (org.projectfloodlight.openflow.protocol.OFPortStatus) m;
                sw.portStatus(ps);
                if (sw.dpid() != null && switches.get(sw.deviceId()) == sw) {
                    LOG.info("switch {} port {} {}", sw.deviceId(), ps.getDesc().getPortNo().getPortNumber(), ps.getReason());
                    listeners.forEach(l -> each("port listener", () -> l.portChanged(sw, ps)));
                }
            } else if (m instanceof OFEchoRequest) {
                ctx.writeAndFlush(F.buildEchoReply().setXid(m.getXid()).setData(((OFEchoRequest) m).getData()).build());
            } else if (m instanceof OFEchoReply) {
                sw.echoReply(m.getXid()); // (the idle handler's read timer was reset by the read itself)
            } else if (m instanceof OFErrorMsg) {
                sw.error((OFErrorMsg) m);
            } else if (m instanceof OFBarrierReply) {
                if (m.getXid() == handshakeBarrier) {
                    sw.handshakeDone(features.getDatapathId(), ports);
                    if (!certified(ctx, sw)) {
                        ctx.close();
                        return;
                    }
                    claim(ctx, sw);
                } else {
                    sw.barrierReply(m.getXid());
                }
            }
        }

        /** Without TLS: true. With TLS: whether the switch's certificate may claim its datapath id (refused: a security event). */
        private boolean certified(ChannelHandlerContext ctx, SwitchConnection sw) {
            if (tls == null) {
                return true;
            }
            java.security.cert.X509Certificate cert = null;
            try {
                io.netty.handler.ssl.SslHandler ssl = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class);
                java.security.cert.Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
                cert = (java.security.cert.X509Certificate) chain[0];
            } catch (javax.net.ssl.SSLPeerUnverifiedException | RuntimeException e) {
                LOG.debug("no peer certificate", e);
            }
            if (cert != null && mayClaim.test(cert, sw.deviceId())) {
                return true;
            }
            security("switch-certificate-refused", "refused a connection from " + ctx.channel().remoteAddress() + " claiming "
                    + sw.deviceId() + ": its certificate " + (cert == null ? "is missing" : "(" + cert.getSubjectX500Principal().getName()
                    + ") may not claim it"));
            return false;
        }

        /**
         * Makes {@code sw} the connection of its datapath id. A datapath id that is already
         * connected is never taken over while its connection answers an echo: the newcomer is
         * refused (a security event) and closed. Only when the holder stays silent for
         * {@link #CLAIM_PROBE_MILLIS} (a switch that restarted without closing its old connection)
         * is the holder closed and the newcomer taken - and reconciled, as every connecting switch is.
         */
        private void claim(ChannelHandlerContext ctx, SwitchConnection sw) {
            String id = sw.deviceId();
            SwitchConnection held = switches.putIfAbsent(id, sw);
            if (held == null) {
                LOG.info("switch {} connected from {} with {} ports", id, ctx.channel().remoteAddress(), ports.size());
                sw.send(FlowMonitor.request(sw.nextXid())); // foreign flow changes reported as they happen
                listeners.forEach(l -> each("switch listener", () -> l.connected(sw)));
                return;
            }
            held.echo().orTimeout(CLAIM_PROBE_MILLIS, TimeUnit.MILLISECONDS).whenComplete((ok, err) -> {
                if (err == null) {
                    security("switch-identity-conflict", "refused a connection from " + ctx.channel().remoteAddress()
                            + " claiming " + id + ", which is connected from " + held.remoteAddress() + " and answers");
                    ctx.close();
                    return;
                }
                security("switch-identity-takeover", id + " connected from " + held.remoteAddress() + " did not answer an echo"
                        + " within " + CLAIM_PROBE_MILLIS + " ms; closing it for the new connection from "
                        + ctx.channel().remoteAddress());
                held.close();
                held.closedFuture().thenRun(() -> ctx.channel().eventLoop().execute(() -> {
                    if (ctx.channel().isActive()) {
                        claim(ctx, sw);
                    }
                }));
            });
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                IdleState s = ((IdleStateEvent) evt).state();
                if (s == IdleState.READER_IDLE) {
                    LOG.warn("switch {} silent for {} s; closing", sw, echoSeconds * 3);
                    ctx.close();
                } else if (s == IdleState.WRITER_IDLE) {
                    ctx.writeAndFlush(F.buildEchoRequest().setXid(sw.nextXid()).setData(new byte[0]).build());
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            sw.closed();
            if (sw.dpid() != null && switches.remove(sw.deviceId(), sw)) {
                LOG.info("switch {} disconnected", sw.deviceId());
                listeners.forEach(l -> each("switch listener", () -> l.disconnected(sw)));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (tls != null && (cause instanceof javax.net.ssl.SSLException || cause.getCause() instanceof javax.net.ssl.SSLException)) {
                // a TLS handshake refused: no certificate, an untrusted one, not TLS at all (reported at most once a second)
                long now = System.currentTimeMillis();
                long last = tlsRefusalLogged.get();
                if (now - last >= 1000 && tlsRefusalLogged.compareAndSet(last, now)) {
                    security("switch-certificate-refused", "TLS handshake with " + ctx.channel().remoteAddress() + " failed: "
                            + (cause.getCause() instanceof javax.net.ssl.SSLException ? cause.getCause() : cause).getMessage());
                }
                ctx.close();
                return;
            }
            LOG.warn("OpenFlow channel {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    private final java.util.concurrent.atomic.AtomicLong forgedLogged = new java.util.concurrent.atomic.AtomicLong();

    /** A packet-in no punt flow of the node's sent: dropped; reported (at most one report per second). */
    private void forged(SwitchConnection sw, PacketIn p) {
        long now = System.currentTimeMillis();
        long last = forgedLogged.get();
        if (now - last >= 1000 && forgedLogged.compareAndSet(last, now)) {
            security("forged-packet-in", "dropped a packet-in from " + sw + " (" + sw.remoteAddress() + ") with cookie 0x"
                    + Long.toHexString(p.cookie()) + ", in_port " + p.inPort() + ": no punt flow of the node's has that cookie there");
        }
    }
}
