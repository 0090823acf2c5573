package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.onosproject.net.DeviceId;
import org.onosproject.net.flow.FlowRule;
import org.onosproject.net.flow.criteria.Criterion;
import org.onosproject.net.flow.criteria.ExtensionCriterion;
import org.onosproject.net.flow.instructions.Instruction;
import org.onosproject.net.flow.instructions.Instructions;

class FlowRuleTranslatorTest {
    @Test
    void everyFlowOfTheExampleSurvivesTheRoundTripThroughOnosFlowRules() {
        Map<DeviceId, DsnProgram> programs = GoldenProgramTest.compileExample();
        int n = 0;
        for (DsnProgram p : programs.values()) {
            for (DsnFlow f : p.flows().values()) {
                FlowRule r = FlowRuleTranslator.toFlowRule(p.dsn(), f);
                assertEquals(p.dsn(), r.deviceId());
                assertEquals(f.table().number(), r.tableId());
                assertEquals(f.priority(), r.priority());
                assertEquals(f.cookie(), r.id().value());
                assertTrue(r.isPermanent());
                DsnFlow back = FlowRuleTranslator.fromFlowRule(r);
                assertEquals(f, back, "round trip of " + f.render());
                assertEquals(f.render(), back.render());
                n++;
            }
        }
        assertEquals(programs.values().stream().mapToInt(DsnProgram::size).sum(), n);
    }

    @Test
    void extensionsSerializeAndDeserializeEqual() {
        int checked = 0;
        for (DsnProgram p : GoldenProgramTest.compileExample().values()) {
            for (DsnFlow f : p.flows().values()) {
                FlowRule r = FlowRuleTranslator.toFlowRule(p.dsn(), f);
                for (Criterion c : r.selector().criteria()) {
                    if (c instanceof ExtensionCriterion) {
                        DspMatchExtension x = (DspMatchExtension) ((ExtensionCriterion) c).extensionSelector();
                        DspMatchExtension y = new DspMatchExtension(x.type());
                        y.deserialize(x.serialize());
                        assertEquals(x, y);
                        assertEquals(x.field(), DspMatchExtension.fieldOf(x.type()));
                        checked++;
                    }
                }
                long extensions = r.selector().criteria().stream().filter(c -> c instanceof ExtensionCriterion).count();
                assertEquals(f.match().fields().keySet().stream().filter(DspMatchExtension::isExtension).count(), extensions,
                        "one extension criterion per extension field: " + f.render());
                for (Instruction i : r.treatment().allInstructions()) {
                    if (i instanceof Instructions.ExtensionInstructionWrapper) {
                        DspActionExtension x = (DspActionExtension) ((Instructions.ExtensionInstructionWrapper) i).extensionInstruction();
                        DspActionExtension y = new DspActionExtension();
                        y.deserialize(x.serialize());
                        assertEquals(x, y);
                        assertEquals(x.toString(), y.toString());
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked > 100, "checked " + checked);
    }
}
