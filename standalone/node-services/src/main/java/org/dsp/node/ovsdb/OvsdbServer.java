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
                            c.pipeline().addLast(new JsonObjectDecoder(MAX_MESSAGE), new OvsdbSession(listener));
                        }
                    }).bind(address).sync().channel();
            return new OvsdbServer(boss, workers, ch);
        } catch (InterruptedException | RuntimeException e) {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            throw e;
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
