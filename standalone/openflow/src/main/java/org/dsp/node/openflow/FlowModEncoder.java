package org.dsp.node.openflow;

import org.dsp.driver.ovs.DsnFlow;
import org.dsp.driver.ovs.FlowRuleTranslator;
import org.dsp.driver.ovs.openflow.OfCodec;
import org.onosproject.net.flow.FlowRule;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Encodes DSP flows (or the ONOS FlowRules {@link FlowRuleTranslator} made of them) as OpenFlow
 * 1.3 FLOW_MOD messages for Open vSwitch; matches and actions come from {@link OfCodec} (the same
 * encoding ONOS's OpenFlow provider uses through DSP's driver behaviours). Pure: no channel, no state.
 */
public final class FlowModEncoder {
    private static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);

    /** The kind of FLOW_MOD. */
    public enum Command {
        /** OFPFC_ADD (also replaces a flow with the same table, priority and match). */
        ADD,
        /** OFPFC_MODIFY_STRICT: new actions and cookie for an existing flow. */
        MODIFY_STRICT,
        /** OFPFC_DELETE_STRICT: removes exactly this flow. */
        DELETE_STRICT
    }

    private FlowModEncoder() {
    }

    /** Returns the FLOW_MOD for a DSP-made ONOS flow rule. */
    public static OFFlowMod encode(FlowRule rule, Command command, long xid) {
        return encode(FlowRuleTranslator.fromFlowRule(rule), command, xid);
    }

    /** Returns the FLOW_MOD for a DSN flow. */
    public static OFFlowMod encode(DsnFlow flow, Command command, long xid) {
        OFFlowMod.Builder b;
        switch (command) {
            case ADD:
                b = F.buildFlowAdd();
                break;
            case MODIFY_STRICT:
                b = F.buildFlowModifyStrict();
                break;
            default:
                b = F.buildFlowDeleteStrict();
        }
        b.setXid(xid).setCookie(U64.of(flow.cookie())).setTableId(TableId.of(flow.table().number()))
                .setPriority(flow.priority()).setBufferId(OFBufferId.NO_BUFFER).setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY).setMatch(OfCodec.match(flow));
        if (command != Command.DELETE_STRICT) {
            b.setInstructions(OfCodec.instructions(flow));
        }
        return b.build();
    }
}
