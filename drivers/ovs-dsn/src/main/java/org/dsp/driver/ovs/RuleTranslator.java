package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dsp.ir.EndpointBinding;
import org.dsp.ir.EndpointTerm;
import org.dsp.ir.LogicalAction;
import org.dsp.ir.LogicalFlow;
import org.dsp.ir.Owner;
import org.dsp.ir.PeerTerm;
import org.dsp.ir.ServiceMatch;
import org.dsp.model.Direction;
import org.onosproject.net.DeviceId;

/**
 * Translates one logical rule (or isolation) flow into per-DSN contributions. The rule's local
 * endpoints are placed on their DSNs; on each DSN the rule becomes, when it has more than one
 * constrained dimension (local endpoint, peer, service), a conjunctive match whose flow count
 * is the sum of the dimensions' sizes, never their product - or, for a target without
 * conjunctive match, the cross product of the dimensions' fragments as direct flows.
 */
final class RuleTranslator {
    private RuleTranslator() {
    }

    static Map<DeviceId, List<Contribution>> translate(LogicalFlow f, Map<String, EndpointBinding> bindings, DsnTarget target,
                                                       TablePlan plan) {
        Map<DeviceId, List<Contribution>> out = new HashMap<>();
        Direction d = f.side();
        Table table = plan.table(f.stage());
        int prio = f.owner().kind().equals(Owner.Kind.ISOLATION) ? Priority.LOW.value() : Priority.rule(f.priority());
        Map<DeviceId, List<DsnMatch.Builder>> localByDsn = new HashMap<>();
        Map<DeviceId, java.util.Set<String>> localNames = new HashMap<>();
        DsnMatch.Builder fields = FieldMatches.apply(DsnMatch.builder(), f, plan);
        for (EndpointTerm t : f.local()) {
            EndpointBinding b = bindings.get(t.endpoint());
            if (b == null) {
                continue;
            }
            DsnMatch.Builder base = fields.copy();
            long port = b.attachment().port().toLong();
            if (d == Direction.EGRESS) {
                base.inPort(port);
            } else {
                base.reg(Registers.DST_PORT, port);
            }
            List<DsnMatch.Builder> frags = localByDsn.computeIfAbsent(b.attachment().dsn(), k -> new ArrayList<>());
            localNames.computeIfAbsent(b.attachment().dsn(), k -> new java.util.HashSet<>()).add(t.endpoint());
            if (t.service() == null) {
                frags.add(base);
            } else {
                frags.addAll(Fragments.service(base, t.service()));
            }
        }
        if (localByDsn.isEmpty()) {
            return out;
        }
        List<List<DsnMatch.Builder>> otherDims = new ArrayList<>();
        if (f.peers() != null) {
            List<DsnMatch.Builder> peers = new ArrayList<>();
            for (PeerTerm p : f.peers()) {
                peers.addAll(Fragments.peer(p, d));
            }
            otherDims.add(peers);
        }
        if (f.services() != null) {
            List<DsnMatch.Builder> svcs = new ArrayList<>();
            for (ServiceMatch s : f.services()) {
                svcs.addAll(Fragments.service(DsnMatch.builder(), s));
            }
            otherDims.add(svcs);
        }
        for (List<DsnMatch.Builder> dim : otherDims) {
            if (dim.isEmpty()) {
                return out; // an empty peer or service set matches nothing
            }
        }
        LogicalAction.SelectBackend select = f.verdict() == null ? SelectFlows.select(f) : null;
        List<SelectTranslator.Placed> placed = select == null ? null : SelectTranslator.place(select, bindings);
        List<DsnAction> actions = f.verdict() != null ? Verdicts.actions(plan, f.stage(), f.owner(), f.verdict(), target)
                : select != null ? SelectTranslator.selectActions(plan, f, select, placed, target.controllerUserdata())
                : ActionTranslator.translate(plan, f);
        // a select's flows the same on every DSN of its clients: the backend stage's group and flows, the VIP's ARP or ND answers
        List<Contribution> selectFlows = new ArrayList<>();
        Table backendTable = null;
        int protocol = 0;
        if (select != null) {
            backendTable = SelectTranslator.backendTable(plan, f);
            protocol = SelectFlows.protocol(f);
            List<DsnMatch.Builder> selected = List.of(DsnMatch.builder());
            for (List<DsnMatch.Builder> dim : otherDims) {
                selected = crossProduct(selected, dim);
            }
            selectFlows.addAll(SelectTranslator.backendFlows(backendTable, prio, selected, placed, select, SelectFlows.vip(f), SelectFlows.port(f),
                    protocol, f.owner(), f.owner().tenantKey()));
            selectFlows.addAll(SelectTranslator.vipAnswers(f, select, target.controllerUserdata()));
        }
        // setting an IP header field or conntrack needs an IP match on the flow that does it: clauses need none (Fragments.forActions)
        long actionCookie = Cookies.of(f.owner());
        int tenantKey = f.owner().tenantKey();
        int n = 1 + otherDims.size();
        boolean conjunctive = n > 1 && target.conjunction();
        long id = f.owner().key();
        // a conjunctive rule's peer and service clauses and its conjunction flow are the same on every DSN: built once
        List<Contribution> shared = new ArrayList<>();
        if (conjunctive) {
            for (int i = 0; i < otherDims.size(); i++) {
                addClauses(shared, table, prio, otherDims.get(i), f.owner(), id, i + 2, n, tenantKey);
            }
            for (DsnMatch.Builder conj : Fragments.forActions(List.of(DsnMatch.builder().conjId(id)), actions)) {
                shared.add(Contribution.direct(DsnFlow.Key.of(table, prio, conj, tenantKey), f.owner(), actions, actionCookie));
            }
        }
        List<Contribution> logged = f.verdict() == null ? List.of()
                : LoggedConnections.flows(plan, f.stage(), f.owner(), f.verdict(), target);
        for (Map.Entry<DeviceId, List<DsnMatch.Builder>> e : localByDsn.entrySet()) {
            List<Contribution> cs = new ArrayList<>(logged);
            if (conjunctive) {
                addClauses(cs, table, prio, e.getValue(), f.owner(), id, 1, n, tenantKey);
                cs.addAll(shared);
            } else {
                List<DsnMatch.Builder> product = e.getValue();
                for (List<DsnMatch.Builder> dim : otherDims) {
                    product = crossProduct(product, dim);
                }
                for (DsnMatch.Builder m : Fragments.forActions(product, actions)) {
                    cs.add(Contribution.direct(DsnFlow.Key.of(table, prio, m, tenantKey), f.owner(), actions, actionCookie));
                }
            }
            cs.addAll(selectFlows);
            if (select != null) { // the established packets' flows name the backends' ports on this DSN
                cs.addAll(SelectTranslator.establishedFlows(backendTable, prio, protocol, placed, e.getKey(), f.owner(),
                        f.owner().tenantKey(), plan.entry(Direction.EGRESS)));
                cs.addAll(HairpinTranslator.flows(plan, f, select, SelectFlows.vip(f), backendTable, prio, protocol, placed, e.getKey(),
                        localNames.getOrDefault(e.getKey(), java.util.Set.of())));
            }
            out.put(e.getKey(), cs);
        }
        if (select != null) {
            SelectTranslator.probeFlows(f, select, bindings, localByDsn.keySet(), target.controllerUserdata())
                    .forEach((dsn, cs) -> out.computeIfAbsent(dsn, k -> new ArrayList<>()).addAll(cs));
        }
        return out;
    }

    /** Every fragment of {@code a} combined with every fragment of {@code b} (combinations no packet matches are left out). */
    private static List<DsnMatch.Builder> crossProduct(List<DsnMatch.Builder> a, List<DsnMatch.Builder> b) {
        List<DsnMatch.Builder> out = new ArrayList<>();
        for (DsnMatch.Builder x : a) {
            for (DsnMatch.Builder y : b) {
                DsnMatch.Builder both = x.intersect(y);
                if (both != null) {
                    out.add(both);
                }
            }
        }
        return out;
    }

    private static void addClauses(List<Contribution> cs, Table table, int prio, List<DsnMatch.Builder> frags, Owner owner,
                                   long id, int clause, int n, int tenantKey) {
        DsnAction.Conjunction c = (DsnAction.Conjunction) DsnAction.conjunction(id, clause, n);
        long cookie = Cookies.of(owner);
        for (DsnMatch.Builder m : frags) {
            cs.add(Contribution.clause(DsnFlow.Key.of(table, prio, m, tenantKey), owner, c, cookie));
        }
    }
}
