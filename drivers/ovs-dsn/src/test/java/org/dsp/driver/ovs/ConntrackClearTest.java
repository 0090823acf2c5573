package org.dsp.driver.ovs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.onlab.packet.IpAddress;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;

/**
 * The simulator's conntrack as Open vSwitch's: a ct that does not recirculate leaves the packet
 * untracked for the rest of its pass (no state, mark or label), so a later table cannot match
 * what the lookup before it had found - OVS clears it (checked on OVS 3.1 with ofproto/trace:
 * {@code table=1: ct(commit,zone=5),goto:2}, {@code table=2: ct_state=+trk -> output:1},
 * default {@code output:2} sends a {@code --ct-next trk,new} packet to port 2).
 */
class ConntrackClearTest {
    private static DsnFlow flow(int table, int prio, DsnMatch.Builder m, DsnAction... actions) {
        return new DsnFlow(new DsnFlow.Key(Table.byNumber(table), prio, m.build()), List.of(actions), 1, List.of());
    }

    @Test
    void aCommitThatDoesNotRecirculateClearsThePacketsConnectionState() {
        DsnProgram p = new DsnProgram(DeviceId.deviceId("of:0000000000000001"), List.of(
                flow(0, 10, DsnMatch.builder().ethType(DsnMatch.IPV4), DsnAction.load(Registers.TENANT, 5), DsnAction.ct(Table.byNumber(1))),
                flow(1, 10, DsnMatch.builder().ethType(DsnMatch.IPV4), DsnAction.ctCommit(List.of(DsnAction.load(Registers.CT_PERSIST, 1))),
                        DsnAction.gotoTable(Table.byNumber(2))),
                flow(2, 10, DsnMatch.builder().ctState(CtState.TRK, 0), DsnAction.output(1)),
                flow(2, 0, DsnMatch.builder(), DsnAction.output(2))));
        SimPacket syn = new SimPacket(MacAddress.valueOf("02:00:00:00:00:01"), MacAddress.valueOf("02:00:00:00:00:02"),
                IpAddress.valueOf("10.0.0.1"), IpAddress.valueOf("10.0.0.2"), SimPacket.TCP, 40000, 80);
        assertEquals(List.of(2L), new FlowSimulator(p, new Conntrack()).process(syn, 3).outputs(), "untracked after the commit");
    }
}
