package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.List;
import org.dsp.ir.Owner;

/**
 * The flows the platform puts on a switch besides the tenants' programs, by the switch's role:
 * every switch sends LLDP and BDDP to the controller (topology discovery, above every other flow); a
 * fabric switch (leaf, spine) also copies ARP to the controller (host learning) and forwards
 * everything else with its own L2 switching (NORMAL), while a DSN drops what its compiled program
 * does not handle.
 */
public final class InfrastructureFlows {
    /** The role of a switch. */
    public enum Role {
        /** A distributed services node: only the compiled program, table miss drops. */
        DSN,
        /** A fabric switch: discovery, ARP copied to the controller (host learning), L2 switching. */
        FABRIC
    }

    private InfrastructureFlows() {
    }

    /** Returns the cookie of every infrastructure flow. */
    public static long cookie() {
        return Cookies.of(Owner.infrastructure());
    }

    /** Returns the flows a switch of role {@code role} carries besides the tenants' programs. */
    public static List<DsnFlow> of(Role role) {
        List<String> owners = List.of(Owner.infrastructure().label());
        List<DsnFlow> out = new ArrayList<>();
        for (int discovery : new int[] {DsnMatch.LLDP, DsnMatch.BDDP}) {
            out.add(new DsnFlow(new DsnFlow.Key(Table.CLASSIFY, Priority.CONTROL.value(),
                    DsnMatch.builder().ethType(discovery).build()), List.of(DsnAction.output(DsnAction.CONTROLLER_PORT)),
                    cookie(), owners));
        }
        if (role == Role.FABRIC) {
            out.add(new DsnFlow(new DsnFlow.Key(Table.CLASSIFY, Priority.CONTROL.value() - 2,
                    DsnMatch.builder().ethType(DsnMatch.ARP).build()),
                    List.of(DsnAction.output(DsnAction.CONTROLLER_PORT), DsnAction.normal()), cookie(), owners));
            out.add(new DsnFlow(new DsnFlow.Key(Table.CLASSIFY, Priority.DEFAULT.value(), DsnMatch.builder().build()),
                    List.of(DsnAction.normal()), cookie(), owners));
        }
        return out;
    }
}
