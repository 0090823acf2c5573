package org.dsp.node.openflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.dsp.driver.ovs.Inventory;
import org.dsp.testing.RandomDocs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.projectfloodlight.openflow.protocol.OFFlowMod;

/**
 * The encoder's FLOW_MODs are what Open vSwitch itself makes of the same flows: the text programs
 * are parsed by `ovs-ofctl parse-flows`, the binary FLOW_MODs decoded by `ovs-ofctl ofp-parse`,
 * and both printouts must be identical, message by message (Nicira extensions included).
 */
class OvsEncodingIT {
    @TempDir
    Path tmp;

    static List<String> run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out);
        }
        return Arrays.stream(out.split("\n")).filter(l -> l.startsWith("OFPT_")).collect(Collectors.toList());
    }

    private void assertSameAsOvs(DsnProgram p) throws Exception {
        List<DsnFlow> flows = new ArrayList<>();
        List<org.dsp.driver.ovs.DsnGroup> groups = new ArrayList<>();
        for (DsnFlow f : p.flows().values()) {
            if (org.dsp.driver.ovs.DsnGroups.isGroup(f)) {
                groups.add(org.dsp.driver.ovs.DsnGroups.of(f));
            } else {
                flows.add(f);
            }
        }
        if (!groups.isEmpty()) {
            // groups: OVS decodes each GROUP_MOD to the group as DSP writes it
            ByteBuf gb = Unpooled.buffer();
            for (int i = 0; i < groups.size(); i++) {
                GroupModEncoder.encode(groups.get(i), GroupModEncoder.Command.ADD, i + 1).writeTo(gb);
            }
            Path gbin = tmp.resolve("groups.bin");
            byte[] gbytes = new byte[gb.readableBytes()];
            gb.readBytes(gbytes);
            Files.write(gbin, gbytes);
            List<String> decoded = runAll("ovs-ofctl", "ofp-parse", gbin.toString());
            for (org.dsp.driver.ovs.DsnGroup g : groups) {
                assertTrue(decoded.stream().anyMatch(l -> l.contains(" ADD " + g.render())),
                        "group " + g.render() + " decoded by OVS as:\n" + String.join("\n", decoded));
            }
        }
        Path text = tmp.resolve("flows.txt");
        Files.writeString(text, flows.stream().map(DsnFlow::render).collect(Collectors.joining("\n")) + "\n");
        ByteBuf buf = Unpooled.buffer();
        for (int i = 0; i < flows.size(); i++) {
            OFFlowMod fm = FlowModEncoder.encode(flows.get(i), FlowModEncoder.Command.ADD, i + 1);
            // the ONOS FlowRule path encodes to the same bytes
            ByteBuf viaRule = Unpooled.buffer();
            FlowModEncoder.encode(FlowRuleTranslator.toFlowRule(p.dsn(), flows.get(i)), FlowModEncoder.Command.ADD, i + 1)
                    .writeTo(viaRule);
            ByteBuf direct = Unpooled.buffer();
            fm.writeTo(direct);
            assertEquals(direct, viaRule, "FlowRule path differs for " + flows.get(i).render());
            fm.writeTo(buf);
        }
        Path bin = tmp.resolve("flows.bin");
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        Files.write(bin, bytes);
        List<String> expected = run("ovs-ofctl", "-O", "OpenFlow13", "parse-flows", text.toString());
        List<String> actual = run("ovs-ofctl", "ofp-parse", bin.toString());
        assertEquals(flows.size(), expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "flow " + flows.get(i).render());
        }
    }

    static List<String> runAll(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out);
        }
        return Arrays.asList(out.replace("\n ", " ").split("\n"));
    }

    @Test
    void everyFlowOfTheExampleEncodesAsOvsEncodesIt() throws Exception {
        String doc = Files.readString(Path.of("../../examples/three-tier.json"));
        Map<DeviceId, DsnProgram> programs = DsnCompiler.compile(List.of(LogicalCompiler.compile(TenantDocumentCodec.decode(doc))),
                Inventory.of(Map.of(DeviceId.deviceId("of:0000000000000001"), PortNumber.portNumber(10))));
        for (DsnProgram p : programs.values()) {
            assertSameAsOvs(p);
        }
    }

    /** The load balancer's flows and groups (group, nat, learn, field moves), with and without affinity. */
    @Test
    void theLoadBalancersFlowsEncodeAsOvsEncodesThem() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode doc = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(Path.of("../../examples/load-balancer.json")));
        Inventory inv = Inventory.of(Map.of(DeviceId.deviceId("of:0000000000000001"), PortNumber.portNumber(10)));
        for (DsnProgram p : DsnCompiler.compile(List.of(LogicalCompiler.compile(TenantDocumentCodec.decode(doc))), inv).values()) {
            assertTrue(p.flows().values().stream().anyMatch(f -> f.render().contains("group:")), "the example balances by a group");
            assertSameAsOvs(p);
        }
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("loadBalancers").get(0)).putObject("selection")
                .put("mode", "sourceIp").put("timeoutSeconds", 600);
        for (DsnProgram p : DsnCompiler.compile(List.of(LogicalCompiler.compile(TenantDocumentCodec.decode(doc))), inv).values()) {
            assertTrue(p.flows().values().stream().anyMatch(f -> f.render().contains("learn(")), "affinity learns");
            assertSameAsOvs(p);
        }
    }

    @Test
    void randomDocumentsEncodeAsOvsEncodesThem() throws Exception {
        Map<DeviceId, PortNumber> up = new HashMap<>();
        for (DeviceId d : RandomDocs.DSNS) {
            up.put(d, PortNumber.portNumber(RandomDocs.UPLINK));
        }
        int checked = 0;
        for (long seed = 1; seed <= 40; seed++) {
            Map<DeviceId, DsnProgram> programs = DsnCompiler.compile(
                    List.of(LogicalCompiler.compile(RandomDocs.generate(new Random(seed)))), Inventory.of(up));
            for (DsnProgram p : programs.values()) {
                assertSameAsOvs(p);
                checked += p.size();
            }
        }
        assertTrue(checked > 2000, "flows checked: " + checked);
    }

    @Test
    void strictModifyAndDeleteCarryTheFlowsIdentity() throws Exception {
        String doc = Files.readString(Path.of("../../examples/three-tier.json"));
        DsnProgram p = DsnCompiler.compile(List.of(LogicalCompiler.compile(TenantDocumentCodec.decode(doc))), Inventory.empty())
                .values().iterator().next();
        DsnFlow f = p.flows().values().stream().filter(x -> x.render().contains("conjunction")).findFirst().orElseThrow();
        ByteBuf buf = Unpooled.buffer();
        FlowModEncoder.encode(f, FlowModEncoder.Command.MODIFY_STRICT, 7).writeTo(buf);
        FlowModEncoder.encode(f, FlowModEncoder.Command.DELETE_STRICT, 8).writeTo(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        Path bin = tmp.resolve("mods.bin");
        Files.write(bin, bytes);
        List<String> out = run("ovs-ofctl", "ofp-parse", bin.toString());
        assertTrue(out.get(0).contains("MOD_STRICT") && out.get(0).contains("conjunction("), out.get(0));
        assertTrue(out.get(1).contains("DEL_STRICT") && out.get(1).contains("priority=" + f.priority()), out.get(1));
    }
}
