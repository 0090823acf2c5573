package org.dsp.ir;

import java.util.List;
import org.dsp.model.Direction;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One logical flow: in {@code stage}, at {@code priority} (higher first), packets whose local
 * endpoint, peer and service each match one of the listed terms get {@code verdict} (a policy
 * stage) or its {@code actions} (any other stage). A null peer or service set means "any". The
 * local endpoint is the packet's source ({@code side} EGRESS: it was sent by the workload) or its
 * destination ({@code side} INGRESS); a policy stage's side is its direction. Endpoint-stage flows
 * carry a binding instead of terms. Rules that share a priority share a verdict, so the order
 * among them does not matter.
 */
public final class LogicalFlow {
    private final Stage stage;
    private final int priority;
    private final Owner owner;
    private final SortedSet<EndpointTerm> local;
    private final SortedSet<PeerTerm> peers;
    private final SortedSet<ServiceMatch> services;
    private final Verdict verdict;
    private final EndpointBinding binding;
    private final Direction side;
    private final List<LogicalAction> actions;
    private final List<FieldMatch> fields;

    private LogicalFlow(Stage stage, int priority, Owner owner, SortedSet<EndpointTerm> local,
                        SortedSet<PeerTerm> peers, SortedSet<ServiceMatch> services, Verdict verdict,
                        EndpointBinding binding, Direction side, List<LogicalAction> actions) {
        this(stage, priority, owner, local, peers, services, verdict, binding, side, actions, List.of());
    }

    private LogicalFlow(Stage stage, int priority, Owner owner, SortedSet<EndpointTerm> local,
                        SortedSet<PeerTerm> peers, SortedSet<ServiceMatch> services, Verdict verdict,
                        EndpointBinding binding, Direction side, List<LogicalAction> actions, List<FieldMatch> fields) {
        this.fields = List.copyOf(fields);
        this.side = side;
        this.actions = List.copyOf(actions);
        this.stage = Objects.requireNonNull(stage);
        this.priority = priority;
        this.owner = Objects.requireNonNull(owner);
        this.local = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(local));
        this.peers = peers == null ? null : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(peers));
        this.services = services == null ? null : java.util.Collections.unmodifiableSortedSet(new TreeSet<>(services));
        this.verdict = verdict;
        this.binding = binding;
    }

    /** A rule or isolation flow. */
    public static LogicalFlow rule(Stage stage, int priority, Owner owner, SortedSet<EndpointTerm> local,
                                   SortedSet<PeerTerm> peers, SortedSet<ServiceMatch> services, Verdict verdict) {
        return new LogicalFlow(stage, priority, owner, local, peers, services, Objects.requireNonNull(verdict), null,
                stage.direction(), List.of(verdict));
    }

    /**
     * A flow of a non-policy stage: its local endpoints are on {@code side} (EGRESS: packets they
     * send; INGRESS: packets sent to them), and matching packets get {@code actions}.
     */
    public static LogicalFlow actions(Stage stage, int priority, Owner owner, Direction side, SortedSet<EndpointTerm> local,
                                      SortedSet<PeerTerm> peers, SortedSet<ServiceMatch> services,
                                      List<LogicalAction> actions) {
        if (stage.direction() != null) {
            throw new IllegalArgumentException("stage " + stage + " is a policy stage: its flows carry a verdict");
        }
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a flow of stage " + stage + " needs actions");
        }
        return new LogicalFlow(stage, priority, owner, local, peers, services, null, null, Objects.requireNonNull(side), actions);
    }

    /**
     * A flow of a non-policy stage that also matches logical fields (a service's own state, the
     * DSCP, ...): {@code fields} must all hold, on top of the endpoint, peer and service terms.
     */
    public static LogicalFlow actions(Stage stage, int priority, Owner owner, Direction side, SortedSet<EndpointTerm> local,
                                      SortedSet<PeerTerm> peers, SortedSet<ServiceMatch> services, List<FieldMatch> fields,
                                      List<LogicalAction> actions) {
        LogicalFlow f = actions(stage, priority, owner, side, local, peers, services, actions);
        return new LogicalFlow(stage, priority, owner, local, peers, services, null, null, side, f.actions, fields);
    }

    /**
     * A fixed flow of a service's stage: every DSN holds it, whatever its tenants (no local
     * endpoint term). Its owner's tenant key is 0.
     */
    public static LogicalFlow fixed(Stage stage, int priority, Owner owner, SortedSet<ServiceMatch> services,
                                    List<FieldMatch> fields, List<LogicalAction> actions) {
        if (stage.direction() != null || stage.service().equals(Stage.CORE)) {
            throw new IllegalArgumentException("a fixed flow belongs to a service's non-policy stage, not " + stage);
        }
        if (owner.tenantKey() != 0) {
            throw new IllegalArgumentException("a fixed flow belongs to no tenant: owner " + owner + " has tenant key " + owner.tenantKey());
        }
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("a flow of stage " + stage + " needs actions");
        }
        return new LogicalFlow(stage, priority, owner, new TreeSet<>(), null, services, null, null, Direction.EGRESS, actions, fields);
    }

    /** An endpoint binding flow. */
    public static LogicalFlow endpoint(Owner owner, EndpointBinding binding) {
        return new LogicalFlow(Stage.ENDPOINT, 0, owner, new TreeSet<>(List.of(EndpointTerm.of(binding.endpoint()))),
                null, null, null, Objects.requireNonNull(binding), null, List.of());
    }

    /** Returns the stage. */
    public Stage stage() {
        return stage;
    }

    /** Returns the priority within the stage (higher is evaluated first). */
    public int priority() {
        return priority;
    }

    /** Returns the owner. */
    public Owner owner() {
        return owner;
    }

    /** Returns the local endpoints the flow applies to. */
    public SortedSet<EndpointTerm> local() {
        return local;
    }

    /** Returns the peer terms, or null for any peer. */
    public SortedSet<PeerTerm> peers() {
        return peers;
    }

    /** Returns the services, or null for any service. */
    public SortedSet<ServiceMatch> services() {
        return services;
    }

    /** Returns the side of the local endpoints: EGRESS (they send) or INGRESS (they receive); null for bindings. */
    public Direction side() {
        return side;
    }

    /** Returns what matching packets get, in order (a policy flow: its verdict alone). */
    public List<LogicalAction> actions() {
        return actions;
    }

    /** Returns the logical fields the flow also matches (empty: none). */
    public List<FieldMatch> fields() {
        return fields;
    }

    /** Returns the verdict (null for endpoint bindings and flows of non-policy stages). */
    public Verdict verdict() {
        return verdict;
    }

    /** Returns the endpoint binding (null for rule flows). */
    public EndpointBinding binding() {
        return binding;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LogicalFlow)) {
            return false;
        }
        LogicalFlow f = (LogicalFlow) o;
        return f.stage.equals(stage) && f.priority == priority && f.owner.equals(owner) && f.local.equals(local)
                && Objects.equals(f.peers, peers) && Objects.equals(f.services, services)
                && Objects.equals(f.verdict, verdict) && Objects.equals(f.binding, binding) && f.side == side
                && f.actions.equals(actions) && f.fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stage, priority, owner, local, peers, services, verdict, binding, actions, fields);
    }

    /** Prints the flow on one line, OVN style: stage, priority, match, verdict, owner. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("stage=").append(stage.label()).append(" prio=").append(priority).append(" match=(");
        if (binding != null) {
            sb.append("endpoint ").append(binding).append(") action=bind");
        } else {
            sb.append("local in ").append(local);
            if (peers != null) {
                sb.append(" && peer in ").append(peers);
            }
            if (services != null) {
                sb.append(" && service in ").append(services);
            }
            sb.append(") action=").append(verdict != null ? verdict.toString() : (side == Direction.EGRESS ? "from-local:" : "to-local:") + actions);
        }
        return sb.append(" owner=").append(owner.label()).toString();
    }
}
