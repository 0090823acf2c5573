package org.dsp.node.ovsdb;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.json.JsonObjectDecoder;
import java.net.InetSocketAddress;

/**
 * Where ovsdb-servers connect to the node ({@code ovs-vsctl set-manager tcp:NODE:PORT}): one
 * {@link OvsdbSession} per connection. A JSON object is at most 16 MiB (a larger message closes the
 * connection).
 */
public final class OvsdbServer implements AutoCloseable {
    private static final int MAX_MESSAGE = 16 << 20;
    private static final int IDLE_SECONDS = 60;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    private OvsdbServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
    }

    /** Listens on {@code address}; each connection gets a session told to {@code listener}. */
    public static OvsdbServer listen(InetSocketAddress address, OvsdbSession.Listener listener) throws InterruptedException {
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup workers = new NioEventLoopGroup(1);
        try {
            Channel ch = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            // ovsdb-server probes an idle connection every 5 s (echo): a minute of silence is a dead peer
                            c.pipeline().addLast(new io.netty.handler.timeout.ReadTimeoutHandler(IDLE_SECONDS),
                                    new JsonObjectDecoder(MAX_MESSAGE), new OvsdbSession(listener));
                        }
                    }).bind(address).sync().channel();
            return new OvsdbServer(boss, workers, ch);
        } catch (Exception e) { // sync() rethrows the bind failure (a checked BindException) undeclared
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            if (e instanceof InterruptedException) {
                throw (InterruptedException) e;
            }
            throw e instanceof RuntimeException ? (RuntimeException) e
                    : new IllegalStateException("OVSDB cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /** Returns the address listened on (the port, when 0 was asked for). */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully();
        workers.shutdownGracefully();
    }
}
