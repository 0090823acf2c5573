package org.dsp.driver.ovs.onos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.compiler.LogicalCompiler;
import org.dsp.driver.ovs.DsnCompiler;
import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.DsnProgram;
import org.dsp.driver.ovs.DsnTarget;
import org.dsp.driver.ovs.DspActionExtension;
import org.dsp.driver.ovs.DspMatchExtension;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.dsp.driver.ovs.Inventory;
import org.dsp.driver.ovs.DsnAction;
import org.dsp.driver.ovs.openflow.OfCodec;
import org.dsp.ir.LogicalProgram;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.PortNumber;
import org.onosproject.net.behaviour.ExtensionSelectorResolver;
import org.onosproject.net.behaviour.ExtensionTreatmentResolver;
import org.onosproject.net.driver.Behaviour;
import org.onosproject.net.driver.DefaultDriver;
import org.onosproject.net.driver.DefaultDriverData;
import org.onosproject.net.driver.DefaultDriverHandler;
import org.onosproject.net.driver.DefaultDriverProvider;
import org.onosproject.net.driver.Driver;
import org.onosproject.net.driver.XmlDriverLoader;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.ExtensionCriterion;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;
import org.onosproject.openflow.controller.ExtensionSelectorInterpreter;
import org.onosproject.openflow.controller.ExtensionTreatmentInterpreter;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;

/**
 * DSP's ONOS driver behaviours, driven the way ONOS's OpenFlow provider drives them: for every
 * flow of the examples compiled for ONOS, each extension criterion becomes the OXM the node
 * writes (which equals what ovs-ofctl writes, OvsEncodingIT), each extension action survives a
 * trip through FLOW_MOD bytes and openflowj's parser back to the same extension (what ONOS's
 * flow-statistics reading needs to match its stored rules); the driver file loads.
 */
class DspDriverBehavioursTest {
    static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);
    static final DeviceId DSN1 = DeviceId.deviceId("of:0000000000000001");
    static final DeviceId DSN2 = DeviceId.deviceId("of:0000000000000002");

    static Map<DeviceId, DsnProgram> examples(DsnTarget target) throws Exception {
        List<LogicalProgram> programs = new ArrayList<>();
        for (String f : List.of("three-tier.json", "globex.json")) {
            programs.add(LogicalCompiler.compile(TenantDocumentCodec.decode(Files.readString(Path.of("../../examples", f)))));
        }
        return DsnCompiler.compile(programs, Inventory.of(Map.of(DSN1, PortNumber.portNumber(10), DSN2,
                PortNumber.portNumber(10))), target);
    }

    private static byte[] bytes(OFOxm<?> oxm) {
        ByteBuf b = Unpooled.buffer();
        oxm.writeTo(b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    @Test
    void extensionMatchesBecomeTheNodesOxmsAndReadBackEqual() throws Exception {
        DspSelectorInterpreter sel = new DspSelectorInterpreter();
        int checked = 0;
        int canonical = 0;
        for (DsnProgram p : examples(DsnTarget.ONOS_OPENFLOW).values()) {
            for (DsnFlow f : p.flows().values()) {
                FlowRule r = FlowRuleTranslator.toFlowRule(p.dsn(), f);
                Match node = OfCodec.match(f);
                Match.Builder onos = F.buildMatch(); // as FlowModBuilderVer13 treats an EXTENSION criterion
                Set<MatchField<?>> fields = new java.util.HashSet<>();
                for (Criterion c : r.selector().criteria()) {
                    if (!(c instanceof ExtensionCriterion)) {
                        continue;
                    }
                    DspMatchExtension x = (DspMatchExtension) ((ExtensionCriterion) c).extensionSelector();
                    assertTrue(sel.supported(x.type()), x.toString());
                    OFOxm<?> oxm = sel.mapSelector(F, x);
                    setOn(onos, oxm);
                    fields.add(oxm.getMatchField());
                    assertEquals(x, sel.mapOxm(oxm), "read back");
                    // a switch reports a full-mask match unmasked (openflowj's canonical form): it must read back equal too
                    assertEquals(x, sel.mapOxm(oxm.getCanonical()), "read back canonical " + oxm.getCanonical());
                    if (!oxm.getCanonical().isMasked()) {
                        canonical++;
                    }
                    DspMatchExtension y = (DspMatchExtension) sel.getExtensionSelector(x.type());
                    y.deserialize(x.serialize());
                    assertEquals(x, y, "resolver + deserialize");
                    checked++;
                }
                Match built = onos.build();
                for (MatchField<?> mf : fields) {
                    assertEquals(oxmOf(node, mf), oxmOf(built, mf), f.render());
                }
            }
        }
        assertTrue(checked > 100, "extension criteria checked: " + checked);
        assertTrue(canonical > 10, "full-mask fields read back from their unmasked form: " + canonical);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void setOn(Match.Builder b, OFOxm oxm) {
        if (oxm.isMasked()) {
            b.setMasked(oxm.getMatchField(), oxm.getValue(), oxm.getMask());
        } else {
            b.setExact(oxm.getMatchField(), oxm.getValue());
        }
    }

    private static String oxmOf(Match m, MatchField<?> mf) {
        org.projectfloodlight.openflow.protocol.OFOxmList list = ((org.projectfloodlight.openflow.protocol.OFMatchV3) m).getOxmList();
        OFOxm<?> o = list.get(mf);
        return o == null ? "none" : java.util.Arrays.toString(bytes(o));
    }

    @Test
    void extensionActionsSurviveFlowModBytesAndComeBackEqual() throws Exception {
        DspTreatmentInterpreter tr = new DspTreatmentInterpreter();
        int checked = 0;
        Set<String> kinds = new TreeSet<>();
        for (DsnProgram p : examples(DsnTarget.ONOS_OPENFLOW).values()) {
            for (DsnFlow f : p.flows().values()) {
                FlowRule r = FlowRuleTranslator.toFlowRule(p.dsn(), f);
                for (Instruction i : r.treatment().allInstructions()) {
                    if (!(i instanceof Instructions.ExtensionInstructionWrapper)) {
                        continue;
                    }
                    DspActionExtension x = (DspActionExtension) ((Instructions.ExtensionInstructionWrapper) i).extensionInstruction();
                    assertTrue(tr.supported(x.type()));
                    OFAction a = tr.mapInstruction(F, x);
                    OFFlowAdd add = F.buildFlowAdd().setXid(1).setMatch(F.buildMatch().build())
                            .setInstructions(List.of(F.instructions().applyActions(List.of(a)))).build();
                    ByteBuf wire = Unpooled.buffer();
                    add.writeTo(wire);
                    OFFlowAdd parsed = (OFFlowAdd) OFFactories.getGenericReader().readFrom(wire);
                    OFAction back = ((OFInstructionApplyActions) parsed.getInstructions().get(0)).getActions().get(0);
                    assertEquals(x, tr.mapAction(back), "read back from the wire: " + x);
                    DspActionExtension y = (DspActionExtension) tr.getExtensionInstruction(x.type());
                    y.deserialize(x.serialize());
                    assertEquals(x, y);
                    kinds.add(x.action().getClass().getSimpleName());
                    checked++;
                }
            }
        }
        assertEquals(Set.of("Ct", "Load"), kinds, "the ONOS target uses only actions ONOS can read back");
        assertTrue(checked > 100, "extension actions checked: " + checked);
    }

    @Test
    void theExtensionsForLaterServicesRoundTripToo() throws Exception {
        DspTreatmentInterpreter tr = new DspTreatmentInterpreter();
        for (DsnAction a : List.of(DsnAction.resubmit(org.dsp.driver.ovs.Table.OUTPUT),
                DsnAction.move(org.dsp.driver.ovs.Registers.EGRESS_RULE, org.dsp.driver.ovs.Registers.INGRESS_RULE),
                DsnAction.ctCommitNat(false, org.onlab.packet.Ip4Address.valueOf("192.0.2.9"), 0, null),
                DsnAction.ctCommitNat(false, org.onlab.packet.IpAddress.valueOf("10.0.0.21"), 8080, org.dsp.driver.ovs.Table.DESTINATION),
                DsnAction.ctCommitNat(true, org.onlab.packet.IpAddress.valueOf("fd00::21"), 0, null),
                DsnAction.ctCommitNat(false, org.onlab.packet.IpAddress.valueOf("fd00::21"), 443, org.dsp.driver.ovs.Table.DESTINATION),
                DsnAction.ctNat(org.dsp.driver.ovs.Table.CT_STATE))) {
            DspActionExtension x = new DspActionExtension(a);
            OFFlowAdd add = F.buildFlowAdd().setXid(1).setMatch(F.buildMatch().build())
                    .setInstructions(List.of(F.instructions().applyActions(List.of(tr.mapInstruction(F, x))))).build();
            ByteBuf wire = Unpooled.buffer();
            add.writeTo(wire);
            OFFlowAdd parsed = (OFFlowAdd) OFFactories.getGenericReader().readFrom(wire);
            OFAction back = ((OFInstructionApplyActions) parsed.getInstructions().get(0)).getActions().get(0);
            assertEquals(x, tr.mapAction(back), a.render());
            DspActionExtension y = new DspActionExtension();
            y.deserialize(x.serialize());
            assertEquals(x, y, a.render());
        }
        DspSelectorInterpreter sel = new DspSelectorInterpreter();
        DspMatchExtension zone = new DspMatchExtension(org.dsp.driver.ovs.Field.CT_ZONE, org.dsp.driver.ovs.MatchValue.masked(7, 0xffffffffL));
        assertTrue(sel.supported(zone.type()));
        assertEquals(zone, sel.mapOxm(sel.mapSelector(F, zone)));
    }

    @Test
    void theOnosProgramHasNothingOnosCannotCarryAndTheNodeProgramDoes() throws Exception {
        int onos = 0;
        for (DsnProgram p : examples(DsnTarget.ONOS_OPENFLOW).values()) {
            for (DsnFlow f : p.flows().values()) {
                onos++;
                assertTrue(f.match().get(org.dsp.driver.ovs.Field.CONJ_ID) == null, f.render());
                assertTrue(f.actions().stream().noneMatch(a -> a instanceof DsnAction.Conjunction
                        || a instanceof DsnAction.Controller || a instanceof DsnAction.Sample), f.render());
            }
        }
        boolean nodeUsesConjunction = examples(DsnTarget.OVS_NICIRA).values().stream().flatMap(p -> p.flows().values().stream())
                .anyMatch(f -> f.actions().stream().anyMatch(a -> a instanceof DsnAction.Conjunction));
        assertTrue(nodeUsesConjunction, "the examples exercise conjunctions on the node");
        assertTrue(onos > 0);
        DspSelectorInterpreter sel = new DspSelectorInterpreter();
        assertTrue(!sel.supported(DspMatchExtension.typeOf(org.dsp.driver.ovs.Field.CONJ_ID)), "conj_id cannot go through ONOS");
        assertThrows(UnsupportedOperationException.class,
                () -> new DspTreatmentInterpreter().mapAction(F.actions().output(org.projectfloodlight.openflow.types.OFPort.of(1), 0)));
    }

    @Test
    void theDriverFileDefinesDspOvsOnTopOfOvsWithEveryBehaviour() throws Exception {
        Driver ovs = new DefaultDriver("ovs", List.of(), "Nicira, Inc.", "Open vSwitch", "2.0", Map.of(), Map.of());
        XmlDriverLoader loader = new XmlDriverLoader(getClass().getClassLoader(), name -> {
            try {
                return Class.forName(name).asSubclass(Behaviour.class);
            } catch (ClassNotFoundException e) {
                return null;
            }
        });
        DefaultDriverProvider provider;
        try (InputStream in = DspDriversLoader.class.getResourceAsStream("/dsp-drivers.xml")) {
            assertNotNull(in, "dsp-drivers.xml is on the bundle's class path");
            provider = loader.loadDrivers(in, name -> "ovs".equals(name) ? ovs : null);
        }
        Driver d = provider.getDrivers().stream().filter(x -> x.name().equals(DspDriversLoader.DRIVER)).findFirst().orElseThrow();
        assertEquals("ovs", d.parent().name());
        assertEquals(DspSelectorInterpreter.class, d.implementation(ExtensionSelectorInterpreter.class));
        assertEquals(DspSelectorInterpreter.class, d.implementation(ExtensionSelectorResolver.class));
        assertEquals(DspTreatmentInterpreter.class, d.implementation(ExtensionTreatmentInterpreter.class));
        assertEquals(DspTreatmentInterpreter.class, d.implementation(ExtensionTreatmentResolver.class));
        ExtensionTreatmentResolver r = d.createBehaviour(new DefaultDriverHandler(new DefaultDriverData(d, DSN1)),
                ExtensionTreatmentResolver.class);
        assertTrue(r.getExtensionInstruction(DspActionExtension.TYPE) instanceof DspActionExtension);
    }
}
