package org.dsp.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.onosproject.net.Annotated;
import org.onosproject.net.ConnectPoint;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.Link;
import org.onosproject.net.Port;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.flow.FlowEntry;
import org.onosproject.net.flow.FlowRuleService;
import org.onosproject.net.link.LinkService;

/**
 * The node's view of the network under {@code /onos/v1}, in the shape ONOS's own REST API gives
 * it ({@code /devices}, {@code /devices/{id}/ports}, {@code /links}, {@code /flows/{id}}, {@code /hosts}), so the same scripts read an
 * ONOS cluster and a node. Read-only.
 */
@javax.annotation.security.RolesAllowed({org.dsp.app.rest.Roles.PLATFORM_ADMIN, org.dsp.app.rest.Roles.AUDITOR})
@Path("")
@Produces(MediaType.APPLICATION_JSON)
public class TopologyResource {
    /** Where the resource is served. */
    public static final String BASE_PATH = "/onos/v1";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DeviceService devices;
    private final LinkService links;
    private final FlowRuleService flows;
    private final org.onosproject.net.host.HostService hosts;

    TopologyResource(DeviceService devices, LinkService links, FlowRuleService flows, org.onosproject.net.host.HostService hosts) {
        this.devices = devices;
        this.links = links;
        this.flows = flows;
        this.hosts = hosts;
    }

    /** Lists the hosts: the workloads the tenant documents declare, at their DSN ports. */
    @GET
    @Path("hosts")
    public Response hosts() {
        ArrayNode a = MAPPER.createArrayNode();
        List<org.onosproject.net.Host> all = new ArrayList<>();
        hosts.getHosts().forEach(all::add);
        all.sort(Comparator.comparing(h -> h.id().toString()));
        for (org.onosproject.net.Host h : all) {
            ObjectNode o = a.addObject().put("id", h.id().toString()).put("mac", h.mac().toString())
                    .put("vlan", h.vlan().toString()).put("configured", h.configured());
            ArrayNode ips = o.putArray("ipAddresses");
            h.ipAddresses().stream().map(Object::toString).sorted().forEach(ips::add);
            o.putArray("locations").addObject().put("elementId", h.location().deviceId().toString())
                    .put("port", h.location().port().toString());
            o.set("annotations", annotations(h));
        }
        ObjectNode root = MAPPER.createObjectNode();
        root.set("hosts", a);
        return ok(root);
    }

    /**
     * Lists a switch's flows as the node programs them: id (the cookie: tenant, owner, role),
     * table, priority, state (ADDED once an audit saw the flow on the switch, PENDING_ADD until
     * then or while it is missing), life in seconds, and the packet and byte counters of the last
     * audit - per-rule telemetry, since a cookie names its rule.
     */
    @GET
    @Path("flows/{id}")
    public Response flows(@PathParam("id") String id) {
        ArrayNode a = MAPPER.createArrayNode();
        List<FlowEntry> all = new ArrayList<>();
        flows.getFlowEntries(DeviceId.deviceId(id)).forEach(all::add);
        all.sort(Comparator.comparingInt(FlowEntry::tableId).thenComparing(Comparator.comparingInt(FlowEntry::priority).reversed()));
        for (FlowEntry e : all) {
            a.addObject().put("id", "0x" + Long.toHexString(e.id().value())).put("deviceId", id).put("tableId", e.tableId())
                    .put("priority", e.priority()).put("state", e.state().name()).put("life", e.life())
                    .put("packets", e.packets()).put("bytes", e.bytes());
        }
        ObjectNode root = MAPPER.createObjectNode();
        root.set("flows", a);
        return ok(root);
    }

    /** Lists the connected switches. */
    @GET
    @Path("devices")
    public Response devices() {
        ArrayNode a = MAPPER.createArrayNode();
        List<Device> all = new ArrayList<>();
        devices.getDevices().forEach(all::add);
        all.sort(Comparator.comparing(d -> d.id().toString()));
        for (Device d : all) {
            ObjectNode o = a.addObject().put("id", d.id().toString()).put("type", d.type().name())
                    .put("available", devices.isAvailable(d.id())).put("role", devices.getRole(d.id()).name())
                    .put("mfr", d.manufacturer()).put("hw", d.hwVersion()).put("sw", d.swVersion())
                    .put("serial", d.serialNumber()).put("chassisId", d.chassisId().toString());
            o.set("annotations", annotations(d));
        }
        ObjectNode root = MAPPER.createObjectNode();
        root.set("devices", a);
        return ok(root);
    }

    /** Lists a switch's ports. */
    @GET
    @Path("devices/{id}/ports")
    public Response ports(@PathParam("id") String id) {
        DeviceId d = DeviceId.deviceId(id);
        if (!devices.isAvailable(d)) {
            ObjectNode e = MAPPER.createObjectNode().put("code", 404).put("message", "device " + id + " is not connected");
            return Response.status(404).entity(e.toString()).type(MediaType.APPLICATION_JSON_TYPE).build();
        }
        ArrayNode a = MAPPER.createArrayNode();
        for (Port p : devices.getPorts(d)) {
            ObjectNode o = a.addObject().put("element", id).put("port", p.number().toString())
                    .put("isEnabled", p.isEnabled()).put("type", p.type().name().toLowerCase());
            ObjectNode ann = annotations(p);
            if (p.number().hasName()) {
                ann.put("portName", p.number().name());
            }
            o.set("annotations", ann);
        }
        ObjectNode root = MAPPER.createObjectNode().put("id", id);
        root.set("ports", a);
        return ok(root);
    }

    /** Lists the links (discovered and configured). */
    @GET
    @Path("links")
    public Response links() {
        List<Link> all = new ArrayList<>();
        links.getLinks().forEach(all::add);
        all.sort(Comparator.comparing((Link l) -> l.src().toString()).thenComparing(l -> l.dst().toString()));
        ArrayNode a = MAPPER.createArrayNode();
        for (Link l : all) {
            ObjectNode o = a.addObject();
            o.set("src", point(l.src()));
            o.set("dst", point(l.dst()));
            o.put("type", l.type().name()).put("state", l.state().name());
        }
        ObjectNode root = MAPPER.createObjectNode();
        root.set("links", a);
        return ok(root);
    }

    private static ObjectNode point(ConnectPoint cp) {
        return MAPPER.createObjectNode().put("port", cp.port().toString()).put("device", cp.deviceId().toString());
    }

    private static ObjectNode annotations(Annotated x) {
        ObjectNode o = MAPPER.createObjectNode();
        x.annotations().keys().stream().sorted().forEach(k -> o.put(k, x.annotations().value(k)));
        return o;
    }

    private static Response ok(ObjectNode body) {
        return Response.ok(body.toString() + "\n", MediaType.APPLICATION_JSON_TYPE).build();
    }
}
