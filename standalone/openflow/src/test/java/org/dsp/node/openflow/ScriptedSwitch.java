package org.dsp.node.openflow;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * A switch played by a test (shared through this module's test-jar): it connects to a controller,
 * completes the OpenFlow 1.3 handshake claiming any datapath id, answers barriers and echoes, and
 * records the type of every message the controller sends it - e.g. to play an impostor, or a
 * switch that sends packet-ins nobody asked for.
 */
public final class ScriptedSwitch implements AutoCloseable {
    private static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);
    /** OFPT numbers of the messages a test looks for. */
    public static final int FLOW_MOD = 14;
    /** OFPT_PACKET_OUT. */
    public static final int PACKET_OUT = 13;
    /** OFPT_EXPERIMENTER (e.g. a bundle). */
    public static final int EXPERIMENTER = 4;
    /** OFPT_MULTIPART_REQUEST. */
    public static final int MULTIPART_REQUEST = 18;

    private final Socket socket;
    private final OutputStream out;
    private final List<Integer> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch handshaken = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean silent;
    private final java.util.concurrent.atomic.AtomicInteger flowReads = new java.util.concurrent.atomic.AtomicInteger();

    /** Connects to {@code port} on loopback and plays a switch with datapath id {@code dpid}. */
    public ScriptedSwitch(int port, long dpid) throws IOException {
        this(new Socket("127.0.0.1", port), dpid);
    }

    /** Plays a switch with datapath id {@code dpid} over a connected socket (a TLS one, say). */
    public ScriptedSwitch(Socket connected, long dpid) throws IOException {
        socket = connected;
        out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        send(F.buildHello().setXid(1).build());
        Thread t = new Thread(() -> {
            try {
                while (true) {
                    byte[] m = read(in);
                    int type = m[1] & 0xff;
                    long xid = Unpooled.wrappedBuffer(m).getUnsignedInt(4);
                    received.add(type);
                    if (type == 5) { // FEATURES_REQUEST
                        send(F.buildFeaturesReply().setXid(xid).setDatapathId(DatapathId.of(dpid)).setNBuffers(0)
                                .setNTables((short) 254).build());
                    } else if (type == MULTIPART_REQUEST && Unpooled.wrappedBuffer(m).getUnsignedShort(8) == 13) {
                        send(F.buildPortDescStatsReply().setXid(xid).setEntries(List.of()).build());
                    } else if (type == MULTIPART_REQUEST && Unpooled.wrappedBuffer(m).getUnsignedShort(8) == 1) {
                        flowReads.incrementAndGet(); // flow statistics: the controller reads the flows (reconciliation)
                    } else if (type == 20) { // BARRIER_REQUEST
                        send(F.buildBarrierReply().setXid(xid).build());
                        handshaken.countDown();
                    } else if (type == 2 && !silent) { // ECHO_REQUEST
                        send(F.buildEchoReply().setXid(xid).setData(new byte[0]).build());
                    }
                }
            } catch (IOException e) {
                closed.countDown();
            }
        }, "scripted-switch-" + Long.toHexString(dpid));
        t.setDaemon(true);
        t.start();
    }

    private static byte[] read(DataInputStream in) throws IOException {
        byte[] header = new byte[8];
        in.readFully(header);
        int len = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        byte[] all = new byte[len];
        System.arraycopy(header, 0, all, 0, 8);
        in.readFully(all, 8, len - 8);
        return all;
    }

    /** Sends a message to the controller. */
    public synchronized void send(OFMessage m) throws IOException {
        ByteBuf b = Unpooled.buffer();
        m.writeTo(b);
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        out.write(bytes);
        out.flush();
    }

    /** Stops answering echo requests (a switch that died without closing its connection). */
    public void silence() {
        silent = true;
    }

    /** Waits until the controller has sent its first barrier (the end of its handshake). */
    public boolean awaitHandshake(long ms) throws InterruptedException {
        return handshaken.await(ms, TimeUnit.MILLISECONDS);
    }

    /** Waits until the controller closes the connection. */
    public boolean awaitClosed(long ms) throws InterruptedException {
        return closed.await(ms, TimeUnit.MILLISECONDS);
    }

    /** Returns how many times the controller asked for the switch's flows (flow statistics). */
    public int flowReads() {
        return flowReads.get();
    }

    /** Returns the OFPT type of every message received so far, in order. */
    public List<Integer> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
