package org.dsp.ir;

import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One logical flow: in {@code stage}, at {@code priority} (higher first), packets whose local
 * endpoint, peer and service each match one of the listed terms get {@code verdict}. A null peer
 * or service set means "any". Endpoint-stage flows carry a binding instead of terms.
 * Rules that share a priority share a verdict, so the order among them does not matter.
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

    private LogicalFlow(Stage stage, int priority, Owner owner, SortedSet<EndpointTerm> local,
                        SortedSet<PeerTerm> peers, SortedSet<ServiceMatch> services, Verdict verdict,
                        EndpointBinding binding) {
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
        return new LogicalFlow(stage, priority, owner, local, peers, services, Objects.requireNonNull(verdict), null);
    }

    /** An endpoint binding flow. */
    public static LogicalFlow endpoint(Owner owner, EndpointBinding binding) {
        return new LogicalFlow(Stage.ENDPOINT, 0, owner, new TreeSet<>(List.of(EndpointTerm.of(binding.endpoint()))),
                null, null, null, Objects.requireNonNull(binding));
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

    /** Returns the verdict (null for endpoint bindings). */
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
                && Objects.equals(f.verdict, verdict) && Objects.equals(f.binding, binding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(stage, priority, owner, local, peers, services, verdict, binding);
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
            sb.append(") action=").append(verdict);
        }
        return sb.append(" owner=").append(owner.label()).toString();
    }
}
