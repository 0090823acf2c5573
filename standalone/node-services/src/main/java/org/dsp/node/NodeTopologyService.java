package org.dsp.node;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.stream.Collectors;
import org.onlab.graph.AdjacencyListsGraph;
import org.onlab.graph.DijkstraGraphSearch;
import org.onlab.graph.GraphPathSearch;
import org.onosproject.event.Event;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.DefaultPath;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.DisjointPath;
import org.onosproject.net.Link;
import org.onosproject.net.Path;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.link.LinkService;
import org.onosproject.net.provider.ProviderId;
import org.onosproject.net.topology.ClusterId;
import org.onosproject.net.topology.DefaultTopologyCluster;
import org.onosproject.net.topology.DefaultTopologyEdge;
import org.onosproject.net.topology.DefaultTopologyVertex;
import org.onosproject.net.topology.HopCountLinkWeigher;
import org.onosproject.net.topology.LinkWeigher;
import org.onosproject.net.topology.Topology;
import org.onosproject.net.topology.TopologyCluster;
import org.onosproject.net.topology.TopologyEdge;
import org.onosproject.net.topology.TopologyEvent;
import org.onosproject.net.topology.TopologyGraph;
import org.onosproject.net.topology.TopologyListener;
import org.onosproject.net.topology.TopologyService;
import org.onosproject.net.topology.TopologyVertex;

/**
 * The topology of the connected switches and the links between them (discovered or configured;
 * links to the pseudo device of configured uplinks are left out). A snapshot is computed when a
 * device or link event arrives, which also raises TOPOLOGY_CHANGED: its graph, clusters (the
 * connected components, links taken both ways) and shortest paths (Dijkstra, hop count unless a
 * weigher is given). Disjoint paths are not provided.
 */
final class NodeTopologyService implements TopologyService {
    /** One snapshot. */
    static final class Snapshot implements Topology {
        private final long time = System.nanoTime();
        private final long created = System.currentTimeMillis();
        private final long cost;
        final Graph graph;
        final Map<ClusterId, TopologyCluster> clusters;
        final Map<ClusterId, Set<DeviceId>> clusterDevices;
        final Set<ConnectPoint> infrastructure;

        Snapshot(Set<DeviceId> devices, List<Link> links) {
            long t0 = System.nanoTime();
            Map<DeviceId, TopologyVertex> v = new HashMap<>();
            devices.forEach(d -> v.put(d, new DefaultTopologyVertex(d)));
            Set<TopologyEdge> edges = new HashSet<>();
            infrastructure = new HashSet<>();
            for (Link l : links) {
                TopologyVertex a = v.get(l.src().deviceId());
                TopologyVertex b = v.get(l.dst().deviceId());
                if (a != null && b != null) {
                    edges.add(new DefaultTopologyEdge(a, b, l));
                    infrastructure.add(l.src());
                    infrastructure.add(l.dst());
                }
            }
            graph = new Graph(new HashSet<>(v.values()), edges);
            clusters = new HashMap<>();
            clusterDevices = new HashMap<>();
            Set<TopologyVertex> seen = new HashSet<>();
            int n = 0;
            for (TopologyVertex root : v.values().stream().sorted(java.util.Comparator.comparing(x -> x.deviceId().toString()))
                    .collect(Collectors.toList())) {
                if (!seen.add(root)) {
                    continue;
                }
                Set<DeviceId> members = new HashSet<>();
                Deque<TopologyVertex> todo = new ArrayDeque<>(List.of(root));
                while (!todo.isEmpty()) {
                    TopologyVertex x = todo.pop();
                    members.add(x.deviceId());
                    for (TopologyEdge e : graph.getEdgesFrom(x)) {
                        if (seen.add(e.dst())) {
                            todo.push(e.dst());
                        }
                    }
                    for (TopologyEdge e : graph.getEdgesTo(x)) {
                        if (seen.add(e.src())) {
                            todo.push(e.src());
                        }
                    }
                }
                ClusterId id = ClusterId.clusterId(n++);
                int linkCount = (int) edges.stream().filter(e -> members.contains(e.src().deviceId())).count();
                clusters.put(id, new DefaultTopologyCluster(id, members.size(), linkCount, root));
                clusterDevices.put(id, members);
            }
            cost = System.nanoTime() - t0;
        }

        @Override
        public long time() {
            return time;
        }

        @Override
        public long creationTime() {
            return created;
        }

        @Override
        public long computeCost() {
            return cost;
        }

        @Override
        public int clusterCount() {
            return clusters.size();
        }

        @Override
        public int deviceCount() {
            return graph.getVertexes().size();
        }

        @Override
        public int linkCount() {
            return graph.getEdges().size();
        }

        @Override
        public ProviderId providerId() {
            return NodeDeviceService.PROVIDER;
        }
    }

    /** The topology graph of a snapshot. */
    static final class Graph extends AdjacencyListsGraph<TopologyVertex, TopologyEdge> implements TopologyGraph {
        Graph(Set<TopologyVertex> vertexes, Set<TopologyEdge> edges) {
            super(vertexes, edges);
        }
    }

    private final DeviceService devices;
    private final LinkService links;
    private final Set<TopologyListener> listeners = new CopyOnWriteArraySet<>();
    private volatile Snapshot current;

    NodeTopologyService(DeviceService devices, LinkService links) {
        this.devices = devices;
        this.links = links;
        this.current = compute();
        devices.addListener(e -> changed(e));
        links.addListener(e -> changed(e));
    }

    private Snapshot compute() {
        Set<DeviceId> ids = new HashSet<>();
        for (Device d : devices.getDevices()) {
            ids.add(d.id());
        }
        List<Link> all = new ArrayList<>();
        links.getLinks().forEach(all::add);
        return new Snapshot(ids, all);
    }

    /** A new snapshot and its event; serialized, so snapshots and events follow the changes in order. */
    private synchronized void changed(Event<?, ?> reason) {
        current = compute();
        TopologyEvent e = new TopologyEvent(TopologyEvent.Type.TOPOLOGY_CHANGED, current, List.of(reason));
        Events.fire(listeners, e);
    }

    private static Snapshot of(Topology t) {
        if (!(t instanceof Snapshot)) {
            throw new IllegalArgumentException("not a topology of this node: " + t);
        }
        return (Snapshot) t;
    }

    @Override
    public Topology currentTopology() {
        return current;
    }

    @Override
    public boolean isLatest(Topology topology) {
        return topology == current;
    }

    @Override
    public TopologyGraph getGraph(Topology topology) {
        return of(topology).graph;
    }

    @Override
    public Set<TopologyCluster> getClusters(Topology topology) {
        return Set.copyOf(of(topology).clusters.values());
    }

    @Override
    public TopologyCluster getCluster(Topology topology, ClusterId clusterId) {
        return of(topology).clusters.get(clusterId);
    }

    @Override
    public Set<DeviceId> getClusterDevices(Topology topology, TopologyCluster cluster) {
        return Set.copyOf(of(topology).clusterDevices.getOrDefault(cluster.id(), Set.of()));
    }

    @Override
    public Set<Link> getClusterLinks(Topology topology, TopologyCluster cluster) {
        Set<DeviceId> members = getClusterDevices(topology, cluster);
        return of(topology).graph.getEdges().stream().filter(e -> members.contains(e.src().deviceId()))
                .map(TopologyEdge::link).collect(Collectors.toSet());
    }

    @Override
    public Set<Path> getPaths(Topology topology, DeviceId src, DeviceId dst) {
        return getPaths(topology, src, dst, HopCountLinkWeigher.DEFAULT_HOP_COUNT_WEIGHER);
    }

    @Override
    public Set<Path> getPaths(Topology topology, DeviceId src, DeviceId dst, LinkWeigher weigher) {
        Snapshot s = of(topology);
        TopologyVertex a = new DefaultTopologyVertex(src);
        TopologyVertex b = new DefaultTopologyVertex(dst);
        if (!s.graph.getVertexes().contains(a) || !s.graph.getVertexes().contains(b)) {
            return Set.of();
        }
        GraphPathSearch.Result<TopologyVertex, TopologyEdge> r = new DijkstraGraphSearch<TopologyVertex, TopologyEdge>()
                .search(s.graph, a, b, weigher, GraphPathSearch.ALL_PATHS);
        Set<Path> out = new HashSet<>();
        for (org.onlab.graph.Path<TopologyVertex, TopologyEdge> p : r.paths()) {
            List<Link> hops = p.edges().stream().map(TopologyEdge::link).collect(Collectors.toList());
            if (!hops.isEmpty()) {
                out.add(new DefaultPath(NodeDeviceService.PROVIDER, hops, p.cost()));
            }
        }
        return out;
    }

    @Override
    public Set<DisjointPath> getDisjointPaths(Topology topology, DeviceId src, DeviceId dst) {
        throw Refuse.of("TopologyService", "getDisjointPaths");
    }

    @Override
    public Set<DisjointPath> getDisjointPaths(Topology topology, DeviceId src, DeviceId dst, LinkWeigher weigher) {
        throw Refuse.of("TopologyService", "getDisjointPaths");
    }

    @Override
    public Set<DisjointPath> getDisjointPaths(Topology topology, DeviceId src, DeviceId dst, Map<Link, Object> riskProfile) {
        throw Refuse.of("TopologyService", "getDisjointPaths");
    }

    @Override
    public Set<DisjointPath> getDisjointPaths(Topology topology, DeviceId src, DeviceId dst, LinkWeigher weigher,
                                              Map<Link, Object> riskProfile) {
        throw Refuse.of("TopologyService", "getDisjointPaths");
    }

    @Override
    public boolean isInfrastructure(Topology topology, ConnectPoint connectPoint) {
        return of(topology).infrastructure.contains(connectPoint);
    }

    @Override
    public boolean isBroadcastPoint(Topology topology, ConnectPoint connectPoint) {
        return !isInfrastructure(topology, connectPoint);
    }

    @Override
    public void addListener(TopologyListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(TopologyListener listener) {
        listeners.remove(listener);
    }
}
