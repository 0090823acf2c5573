package org.dsp.node.openflow;

import static org.dsp.node.openflow.Ovs.sh;
import static org.dsp.node.openflow.Ovs.flowCount;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.Inventory;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.TableId;

/** The node's OpenFlow channel against a real userspace Open vSwitch, and against a scripted switch that goes silent. */
class OpenFlowChannelIT {
    static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);

    @Test
    void programsARealOvsBridgeBarrierConfirmed() throws Exception {
        String br = "dspof" + (ProcessHandle.current().pid() % 100000);
        try (OpenFlowServer server = new OpenFlowServer(5)) {
            CountDownLatch up = new CountDownLatch(1);
            List<SwitchConnection> seen = new ArrayList<>();
            server.addListener(new SwitchListener() {
                @Override
                public void connected(SwitchConnection sw) {
                    seen.add(sw);
                    up.countDown();
                }

                @Override
                public void disconnected(SwitchConnection sw) {
                }
            });
            int port = server.start(new InetSocketAddress("127.0.0.1", 0));
            List<String> cmd = new ArrayList<>(List.of("ovs-vsctl", "--timeout=10", "add-br", br, "--", "set", "bridge", br,
                    "datapath_type=netdev", "fail-mode=secure", "protocols=OpenFlow13",
                    "other-config:datapath-id=0000000000000002"));
            for (int p : new int[] {1, 2, 10}) {
                cmd.addAll(List.of("--", "add-port", br, br + "p" + p, "--", "set", "interface", br + "p" + p,
                        "type=internal", "ofport_request=" + p));
            }
            sh(cmd.toArray(new String[0]));
            sh("ovs-vsctl", "--timeout=10", "set-controller", br, "tcp:127.0.0.1:" + port);
            assertTrue(up.await(30, TimeUnit.SECONDS), "OVS did not connect");
            SwitchConnection sw = seen.get(0);
            assertEquals("of:0000000000000002", sw.deviceId());
            assertTrue(sw.ports().size() >= 3, "ports: " + sw.ports());

            DsnProgram program = DsnCompiler.compile(List.of(LogicalCompiler.compile(TenantDocumentCodec.decode(
                    Files.readString(Path.of("../../examples/three-tier.json"))))),
                    Inventory.of(Map.of(DeviceId.deviceId("of:0000000000000002"), PortNumber.portNumber(10))))
                    .get(DeviceId.deviceId("of:0000000000000002"));
            List<OFMessage> adds = new ArrayList<>();
            for (DsnFlow f : program.flows().values()) {
                adds.add(FlowModEncoder.encode(f, FlowModEncoder.Command.ADD, sw.nextXid()));
            }
            // an atomic bundle with one bad message applies nothing
            List<OFMessage> spoiled = new ArrayList<>(adds.subList(0, 10));
            spoiled.add(F.buildFlowAdd().setXid(sw.nextXid()).setTableId(TableId.of(40)).setPriority(5)
                    .setInstructions(List.of(F.instructions().gotoTable(TableId.of(3)))).build());
            ExecutionException atomic = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> sw.commit(spoiled).get(30, TimeUnit.SECONDS));
            assertTrue(atomic.getCause().getMessage().contains("refused"), atomic.getCause().getMessage());
            assertEquals(0, flowCount(br), "a failed bundle changes nothing");
            // a message OpenFlow cannot carry (over 64 KiB) fails the batch before anything is sent
            List<org.projectfloodlight.openflow.protocol.action.OFAction> many = new ArrayList<>();
            for (int i = 0; i < 9000; i++) {
                many.add(F.actions().output(org.projectfloodlight.openflow.types.OFPort.of(1 + i % 4), 0));
            }
            OFMessage huge = F.buildFlowAdd().setXid(sw.nextXid()).setTableId(TableId.of(40)).setPriority(6)
                    .setInstructions(List.of(F.instructions().applyActions(many))).build();
            List<OFMessage> withHuge = new ArrayList<>(adds.subList(0, 10));
            withHuge.add(huge);
            ExecutionException tooBig = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> sw.commit(withHuge).get(30, TimeUnit.SECONDS));
            assertTrue(tooBig.getCause() instanceof RefusedException, String.valueOf(tooBig.getCause()));
            assertEquals(List.of(huge.getXid()), ((RefusedException) tooBig.getCause()).refused());
            assertTrue(tooBig.getCause().getMessage().contains("65535-byte message limit"), tooBig.getCause().getMessage());
            assertEquals(0, flowCount(br), "an unencodable batch changes nothing");
            sw.commit(adds).get(30, TimeUnit.SECONDS);
            assertEquals(program.size(), flowCount(br), "committed bundle: the bridge holds the program");
            String trace = sh("ovs-appctl", "ofproto/trace", br, "in_port=1,tcp,dl_src=02:00:00:00:03:01,"
                    + "dl_dst=02:00:00:00:04:01,nw_src=10.0.0.31,nw_dst=10.0.0.41,tp_src=40000,tp_dst=5432", "--ct-next", "trk,new");
            assertTrue(trace.contains("output:2"), trace);

            // an error comes back matched to the request that caused it, and fails its batch
            OFMessage bad = F.buildFlowAdd().setXid(sw.nextXid()).setTableId(TableId.of(40)).setPriority(5)
                    .setInstructions(List.of(F.instructions().gotoTable(TableId.of(3)))).build();
            ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                    () -> sw.program(List.of(bad)).get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("refused FLOW_MOD xid=" + bad.getXid()), e.getCause().getMessage());
            assertEquals(program.size(), flowCount(br));

            // reconciliation: reading the flows back, nothing needs sending
            List<DsnFlow> want = new ArrayList<>(program.flows().values());
            List<WireFlow> installed = sw.flowStats().get(30, TimeUnit.SECONDS);
            assertEquals(program.size(), installed.size());
            List<OFMessage> plan = Reconciler.plan(installed, want, false, sw::nextXid);
            assertEquals(List.of(), plan, "a switch holding exactly its program needs no FLOW_MOD");
            // drift: a foreign flow, a lost flow, a flow with other actions
            DsnFlow lost = want.get(3);
            DsnFlow changed = want.stream().filter(f -> f.render().contains("output:2")).findFirst().orElseThrow();
            sh("ovs-ofctl", "-O", "OpenFlow13", "add-flow", br, "table=2,priority=7,cookie=0x0,ip,nw_dst=192.0.2.1,actions=drop");
            sh("ovs-ofctl", "-O", "OpenFlow13", "--strict", "del-flows", br, lost.render().replaceAll("cookie=0x[0-9a-f]+,", "")
                    .replaceAll(",actions=.*", ""));
            sh("ovs-ofctl", "-O", "OpenFlow13", "--strict", "mod-flows", br, changed.render().replaceAll("cookie=0x[0-9a-f]+,", "")
                    .replaceAll("actions=.*", "actions=drop"));
            installed = sw.flowStats().get(30, TimeUnit.SECONDS);
            plan = Reconciler.plan(installed, want, false, sw::nextXid);
            assertEquals(3, plan.size(), "one delete, one add, one modify: " + plan);
            sw.program(plan).get(30, TimeUnit.SECONDS);
            assertEquals(List.of(), Reconciler.plan(sw.flowStats().get(30, TimeUnit.SECONDS), want, false, sw::nextXid));
            assertEquals(program.size(), flowCount(br));
            assertTrue(Reconciler.plan(installed, want, true, sw::nextXid).size() == 2, "keepForeign leaves the foreign flow");

            List<OFMessage> deletes = new ArrayList<>();
            for (DsnFlow f : program.flows().values()) {
                deletes.add(FlowModEncoder.encode(f, FlowModEncoder.Command.DELETE_STRICT, sw.nextXid()));
            }
            sw.program(deletes).get(30, TimeUnit.SECONDS);
            assertEquals(0, flowCount(br));
        } finally {
            sh("ovs-vsctl", "--timeout=10", "--if-exists", "del-br", br);
        }
    }

    /** Reads one OpenFlow message from a socket, passing over the flow monitor request (openflowj cannot parse it). */
    static OFMessage read(DataInputStream in) throws Exception {
        while (true) {
            byte[] header = new byte[8];
            in.readFully(header);
            int len = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
            byte[] all = new byte[len];
            System.arraycopy(header, 0, all, 0, 8);
            in.readFully(all, 8, len - 8);
            if (FlowMonitor.isRequest(all)) {
                continue; // this fake switch has no flow monitor, and says nothing about it
            }
            return OFFactories.getGenericReader().readFrom(Unpooled.wrappedBuffer(all));
        }
    }

    static void write(OutputStream out, OFMessage m) throws Exception {
        ByteBuf b = Unpooled.buffer();
        m.writeTo(b);
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        out.write(bytes);
        out.flush();
    }

    @Test
    void aSwitchThatStopsAnsweringEchoIsDropped() throws Exception {
        try (OpenFlowServer server = new OpenFlowServer(1)) {
            CountDownLatch up = new CountDownLatch(1);
            CountDownLatch down = new CountDownLatch(1);
            server.addListener(new SwitchListener() {
                @Override
                public void connected(SwitchConnection sw) {
                    up.countDown();
                }

                @Override
                public void disconnected(SwitchConnection sw) {
                    down.countDown();
                }
            });
            int port = server.start(new InetSocketAddress("127.0.0.1", 0));
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                write(out, F.buildHello().setXid(1).build());
                boolean echoed = false;
                long deadline = System.currentTimeMillis() + 10_000;
                while (up.getCount() > 0 && System.currentTimeMillis() < deadline) {
                    OFMessage m = read(in);
                    switch (m.getType()) {
                        case FEATURES_REQUEST:
                            write(out, F.buildFeaturesReply().setXid(m.getXid()).setDatapathId(DatapathId.of(0x99))
                                    .setNBuffers(0).setNTables((short) 254).build());
                            break;
                        case STATS_REQUEST:
                            write(out, F.buildPortDescStatsReply().setXid(m.getXid()).setEntries(List.of()).build());
                            break;
                        case BARRIER_REQUEST:
                            write(out, F.buildBarrierReply().setXid(m.getXid()).build());
                            break;
                        default:
                            break;
                    }
                    if (m.getType() == org.projectfloodlight.openflow.protocol.OFType.BARRIER_REQUEST) {
                        assertTrue(up.await(5, TimeUnit.SECONDS));
                    }
                }
                assertEquals(0, up.getCount(), "handshake with the scripted switch");
                assertTrue(server.switches().containsKey("of:0000000000000099"));
                // now silent: the server probes with echo, then gives up after three silent periods
                OFMessage probe = read(in);
                echoed = probe.getType() == org.projectfloodlight.openflow.protocol.OFType.ECHO_REQUEST;
                assertTrue(echoed, "expected an echo probe, got " + probe.getType());
                assertTrue(down.await(10, TimeUnit.SECONDS), "a dead peer must be dropped");
                assertFalse(server.switches().containsKey("of:0000000000000099"));
            }
        }
    }

    /** One raw OpenFlow message read from a socket: its type, xid and bytes. */
    static final class Raw {
        final int type;
        final long xid;
        final byte[] bytes;

        Raw(byte[] bytes) {
            this.bytes = bytes;
            this.type = bytes[1] & 0xff;
            this.xid = ((bytes[4] & 0xffL) << 24) | ((bytes[5] & 0xff) << 16) | ((bytes[6] & 0xff) << 8) | (bytes[7] & 0xff);
        }

        /** The ONF bundle control type of a bundle control message, or -1. */
        int bundleControl() {
            if (type != 4 || bytes.length < 24 || Unpooled.wrappedBuffer(bytes).getInt(12) != Bundles.ONF_ET_BUNDLE_CONTROL) {
                return -1;
            }
            return Unpooled.wrappedBuffer(bytes).getUnsignedShort(20);
        }

        long bundleId() {
            return Unpooled.wrappedBuffer(bytes).getUnsignedInt(16);
        }
    }

    static Raw readRaw(DataInputStream in) throws Exception {
        byte[] header = new byte[8];
        in.readFully(header);
        int len = ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        byte[] all = new byte[len];
        System.arraycopy(header, 0, all, 0, 8);
        in.readFully(all, 8, len - 8);
        return new Raw(all);
    }

    /**
     * A switch that answers a bundle's messages with an error whose xid the node never sent (as
     * OVS does after misreading an oversized message), then acknowledges everything else - the
     * commit included. The node must not take that bundle as installed: it discards it and fails
     * the batch. (The node used to drop such errors while a bundle was open, and report success.)
     */
    @Test
    void anErrorThatCannotBePlacedFailsTheOpenBundle() throws Exception {
        try (OpenFlowServer server = new OpenFlowServer(5)) {
            java.util.concurrent.BlockingQueue<SwitchConnection> up = new java.util.concurrent.LinkedBlockingQueue<>();
            server.addListener(new SwitchListener() {
                @Override
                public void connected(SwitchConnection sw) {
                    up.add(sw);
                }

                @Override
                public void disconnected(SwitchConnection sw) {
                }
            });
            int port = server.start(new InetSocketAddress("127.0.0.1", 0));
            List<Integer> controls = java.util.Collections.synchronizedList(new ArrayList<>());
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                write(out, F.buildHello().setXid(1).build());
                Thread peer = new Thread(() -> {
                    try {
                        while (true) {
                            Raw m = readRaw(in);
                            if (m.type == 5) { // FEATURES_REQUEST
                                write(out, F.buildFeaturesReply().setXid(m.xid).setDatapathId(DatapathId.of(0x77))
                                        .setNBuffers(0).setNTables((short) 254).build());
                            } else if (m.type == 18) { // MULTIPART_REQUEST (port description)
                                write(out, F.buildPortDescStatsReply().setXid(m.xid).setEntries(List.of()).build());
                            } else if (m.type == 20) { // BARRIER_REQUEST
                                write(out, F.buildBarrierReply().setXid(m.xid).build());
                            } else if (m.bundleControl() >= 0) {
                                int control = m.bundleControl();
                                controls.add(control);
                                if (control == Bundles.OPEN_REQUEST) {
                                    // garbage the switch could not tie to any request of the node's
                                    write(out, F.errorMsgs().buildBadRequestErrorMsg().setXid(0xdeadbeefL)
                                            .setCode(org.projectfloodlight.openflow.protocol.OFBadRequestCode.BAD_VERSION)
                                            .setData(org.projectfloodlight.openflow.types.OFErrorCauseData.NONE).build());
                                }
                                ByteBuf reply = Unpooled.buffer(24);
                                reply.writeByte(4).writeByte(4).writeShort(24).writeInt((int) m.xid)
                                        .writeInt(Bundles.ONF_EXPERIMENTER).writeInt(Bundles.ONF_ET_BUNDLE_CONTROL)
                                        .writeInt((int) m.bundleId()).writeShort(control + 1).writeShort(0);
                                byte[] b = new byte[24];
                                reply.readBytes(b);
                                out.write(b);
                                out.flush();
                            }
                        }
                    } catch (Exception done) {
                        // the test closed the socket
                    }
                });
                peer.setDaemon(true);
                peer.start();
                SwitchConnection sw = up.poll(10, TimeUnit.SECONDS);
                assertTrue(sw != null, "handshake with the scripted switch");
                OFMessage add = F.buildFlowAdd().setXid(sw.nextXid()).setTableId(TableId.of(0)).setPriority(5).build();
                ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> sw.commit(List.of(add)).get(10, TimeUnit.SECONDS));
                assertTrue(e.getCause().getMessage().contains("unknown request xid=" + 0xdeadbeefL), e.getCause().getMessage());
                long until = System.currentTimeMillis() + 5000;
                while (controls.size() < 2 && System.currentTimeMillis() < until) {
                    Thread.sleep(10); // the discard is written as the batch fails: let the switch read it
                }
                Thread.sleep(200);
                assertEquals(List.of(Bundles.OPEN_REQUEST, Bundles.DISCARD_REQUEST), List.copyOf(controls),
                        "the bundle is discarded, never committed");
            }
        }
    }
}
