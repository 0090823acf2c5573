package org.dsp.codec;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.dsp.model.CidrBlock;
import org.dsp.model.Direction;
import org.dsp.model.Endpoint;
import org.dsp.model.Group;
import org.dsp.model.NamedPort;
import org.dsp.model.Peer;
import org.dsp.model.PortSpec;
import org.dsp.model.Rule;
import org.dsp.model.Segment;
import org.dsp.model.SelectorRequirement;
import org.dsp.model.Service;
import org.dsp.model.TenantDocument;
import org.dsp.model.Tier;
import org.onlab.packet.IpAddress;
import org.onlab.packet.IpPrefix;

/** Writes model values as the tenant document's JSON form. */
final class DocumentWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private DocumentWriter() {
    }

    static ObjectNode write(TenantDocument doc) {
        ObjectNode root = F.objectNode();
        ObjectNode t = root.putObject("tenant");
        t.put("id", doc.tenantId());
        t.put("displayName", doc.displayName());
        t.put("defaultPosture", doc.posture().wireName());
        root.put("version", doc.version());
        ArrayNode eps = root.putArray("endpoints");
        for (Endpoint e : doc.endpoints().values()) {
            ObjectNode o = eps.addObject();
            o.put("name", e.name());
            o.put("kind", e.kind().wireName());
            o.put("mac", e.mac().toString());
            ArrayNode a = o.putArray("addresses");
            for (IpAddress ip : e.addresses()) {
                a.add(ip.toString());
            }
            if (!e.labels().isEmpty()) {
                ObjectNode l = o.putObject("labels");
                e.labels().forEach(l::put);
            }
            ObjectNode att = o.putObject("attachment");
            att.put("dsn", e.attachment().dsn().toString());
            att.put("port", e.attachment().port().toLong());
            if (!e.namedPorts().isEmpty()) {
                ArrayNode np = o.putArray("namedPorts");
                for (NamedPort n : e.namedPorts()) {
                    np.addObject().put("name", n.name()).put("protocol", n.protocol().wireName()).put("port", n.port());
                }
            }
        }
        ArrayNode groups = root.putArray("groups");
        for (Group g : doc.groups().values()) {
            ObjectNode o = groups.addObject();
            o.put("name", g.name());
            if (g.selector() != null) {
                ObjectNode s = o.putObject("selector");
                if (!g.selector().matchLabels().isEmpty()) {
                    ObjectNode ml = s.putObject("matchLabels");
                    for (Map.Entry<String, String> e : g.selector().matchLabels().entrySet()) {
                        ml.put(e.getKey(), e.getValue());
                    }
                }
                if (!g.selector().expressions().isEmpty()) {
                    ArrayNode ex = s.putArray("matchExpressions");
                    for (SelectorRequirement r : g.selector().expressions()) {
                        ObjectNode x = ex.addObject().put("key", r.key()).put("operator", r.operator().wireName());
                        if (!r.values().isEmpty()) {
                            ArrayNode v = x.putArray("values");
                            r.values().forEach(v::add);
                        }
                    }
                }
            }
            if (!g.endpoints().isEmpty()) {
                ArrayNode a = o.putArray("endpoints");
                g.endpoints().forEach(a::add);
            }
            if (!g.cidrs().isEmpty()) {
                ArrayNode a = o.putArray("cidrs");
                for (CidrBlock c : g.cidrs()) {
                    cidr(a.addObject(), c);
                }
            }
            if (!g.groups().isEmpty()) {
                ArrayNode a = o.putArray("groups");
                g.groups().forEach(a::add);
            }
        }
        ArrayNode segs = root.putArray("segments");
        for (Segment s : doc.segments().values()) {
            ObjectNode o = segs.addObject().put("name", s.name()).put("appliedTo", s.appliedTo())
                    .put("posture", s.posture().wireName());
            ArrayNode d = o.putArray("directions");
            for (Direction dir : Direction.values()) {
                if (s.directions().contains(dir)) {
                    d.add(dir.wireName());
                }
            }
        }
        ObjectNode fw = root.putObject("firewall");
        for (Tier tier : Tier.values()) {
            ArrayNode rules = fw.putArray(tier.wireName());
            for (Rule r : doc.rules(tier)) {
                rule(rules.addObject(), r);
            }
        }
        return root;
    }

    private static void cidr(ObjectNode o, CidrBlock c) {
        o.put("cidr", c.cidr().toString());
        if (!c.except().isEmpty()) {
            ArrayNode x = o.putArray("except");
            for (IpPrefix p : c.except()) {
                x.add(p.toString());
            }
        }
    }

    private static void rule(ObjectNode o, Rule r) {
        o.put("name", r.name());
        o.put("direction", r.direction().wireName());
        o.put("appliedTo", r.appliedTo());
        if (!r.peers().isEmpty()) {
            ArrayNode peers = o.putArray("peers");
            for (Peer p : r.peers()) {
                ObjectNode po = peers.addObject();
                switch (p.kind()) {
                    case GROUP:
                        po.put("group", p.name());
                        break;
                    case ENDPOINT:
                        po.put("endpoint", p.name());
                        break;
                    default:
                        cidr(po, p.cidr());
                }
            }
        }
        if (!r.services().isEmpty()) {
            ArrayNode svcs = o.putArray("services");
            for (Service s : r.services()) {
                ObjectNode so = svcs.addObject().put("protocol", s.protocol().wireName());
                if (!s.ports().isEmpty()) {
                    ArrayNode ports = so.putArray("ports");
                    for (PortSpec ps : s.ports()) {
                        if (ps.isNamed()) {
                            ports.add(ps.name());
                        } else if (ps.first() == ps.last()) {
                            ports.add(ps.first());
                        } else {
                            ports.add(ps.first() + "-" + ps.last());
                        }
                    }
                }
            }
        }
        o.put("action", r.action().wireName());
        o.put("stateful", r.stateful());
        o.put("log", r.log());
        o.put("onChange", r.onChange().wireName());
    }
}
