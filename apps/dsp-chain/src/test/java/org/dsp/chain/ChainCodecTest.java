package org.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dsp.codec.InvalidDocumentException;
import org.dsp.codec.TenantDocumentCodec;
import org.dsp.codec.ValidationError;
import org.dsp.model.TenantDocument;
import org.junit.jupiter.api.Test;

/** The {@code chains} section: every refusal at its JSON path with its code, and the round trip. */
class ChainCodecTest {
    static final ObjectMapper M = new ObjectMapper();
    static final String CLASS = "\"name\":\"c\",\"from\":[{\"group\":\"web\"}],\"to\":[{\"group\":\"db\"}],\"protocol\":\"tcp\",\"ports\":[5432]";
    static final String IDS = "{\"function\":\"ids\",\"instances\":[\"red-ids-1\"]}";

    static ObjectNode red() throws Exception {
        return (ObjectNode) M.readTree(Files.readString(Path.of("../../examples/chain.json")));
    }

    static List<ValidationError> errors(ObjectNode doc) {
        try {
            TenantDocumentCodec.decode(doc);
            return List.of();
        } catch (InvalidDocumentException e) {
            return e.errors();
        }
    }

    /** Replaces the chains section with {@code chains} and expects {@code code} at {@code path}, its reason containing {@code reason}. */
    static void refused(String chains, String path, String code, String reason) throws Exception {
        ObjectNode doc = red();
        doc.set("chains", M.readTree(chains));
        List<ValidationError> es = errors(doc);
        assertTrue(es.stream().anyMatch(e -> e.path().equals(path) && e.code().name().equals(code) && e.reason().contains(reason)),
                "expected " + code + " at " + path + " (" + reason + "), got " + es);
    }

    @Test
    void theExampleIsValidAndRoundTrips() throws Exception {
        TenantDocument d = TenantDocumentCodec.decode(red());
        assertEquals(d, TenantDocumentCodec.decode(TenantDocumentCodec.encode(d)));
        assertEquals(M.readTree(TenantDocumentCodec.encode(d).get("chains").toString()).get(0).get("steps").size(), 3);
    }

    @Test
    void anEncryptionStepHoldsForATenantThatRequiresEncryption() throws Exception {
        ObjectNode doc = red().put("encryption", "required");
        doc.set("chains", M.readTree("[{" + CLASS + ",\"steps\":[{\"service\":\"firewall\"},{\"service\":\"encryption\"}," + IDS + "]}]"));
        assertEquals(List.of(), errors(doc), "accepted: every tunnel of the tenant's, the chain's too, is encrypted");
        TenantDocument d = TenantDocumentCodec.decode(doc);
        assertEquals(d, TenantDocumentCodec.decode(TenantDocumentCodec.encode(d)));
    }

    @Test
    void anEncryptionStepHoldsForATenantInClearToo() throws Exception {
        ObjectNode doc = red();
        doc.set("chains", M.readTree("[{" + CLASS + ",\"steps\":[{\"service\":\"firewall\"},{\"service\":\"encryption\"}]}]"));
        assertEquals(List.of(), errors(doc), "accepted: that class crosses the underlay encrypted, the rest of the tenant in clear");
        TenantDocument d = TenantDocumentCodec.decode(doc);
        assertEquals(d, TenantDocumentCodec.decode(TenantDocumentCodec.encode(d)));
        refused("[{" + CLASS + ",\"steps\":[{\"service\":\"encryption\"},{\"service\":\"encryption\"}]}]", "$.chains[0].steps[1]",
                "DUPLICATE_NAME", "twice");
    }

    @Test
    void badFieldsAreRefusedAtTheirPaths() throws Exception {
        refused("[{" + CLASS + ",\"steps\":[]}]", "$.chains[0].steps", "EMPTY", "at least one step");
        refused("[{\"name\":\"c\",\"to\":[{\"group\":\"db\"}],\"steps\":[" + IDS + "]}]", "$.chains[0].from", "REQUIRED", "'from'");
        refused("[{" + CLASS.replace("\"tcp\"", "\"sctp\"") + ",\"steps\":[" + IDS + "]}]", "$.chains[0].protocol", "BAD_VALUE",
                "not tcp, udp or icmp");
        refused("[{\"name\":\"c\",\"from\":[{\"group\":\"web\"}],\"to\":[{\"group\":\"db\"}],\"ports\":[80],\"steps\":[" + IDS + "]}]",
                "$.chains[0].ports", "CONFLICTING_FIELDS", "need the protocol tcp or udp");
        refused("[{" + CLASS + ",\"steps\":[{\"function\":\"ids\",\"mode\":\"bridge\",\"instances\":[\"red-ids-1\"]}]}]",
                "$.chains[0].steps[0].mode", "BAD_VALUE", "not transparent");
        refused("[{" + CLASS + ",\"steps\":[{\"function\":\"ids\",\"failure\":\"retry\",\"instances\":[\"red-ids-1\"]}]}]",
                "$.chains[0].steps[0].failure", "BAD_VALUE", "not drop");
        refused("[{" + CLASS + ",\"steps\":[{\"function\":\"ids\",\"service\":\"firewall\",\"instances\":[\"red-ids-1\"]}]}]",
                "$.chains[0].steps[0]", "CONFLICTING_FIELDS", "one of them");
        refused("[{" + CLASS + ",\"steps\":[{\"function\":\"ids\",\"instances\":[]}]}]", "$.chains[0].steps[0].instances", "EMPTY",
                "at least one instance");
        refused("[{\"name\":\"c\",\"from\":[{\"group\":\"web\",\"endpoint\":\"red-db-1\"}],\"to\":[{\"group\":\"db\"}],\"steps\":[" + IDS + "]}]",
                "$.chains[0].from[0]", "CONFLICTING_FIELDS", "one of them");
    }

    /** An instance's declared capacity: 1 to 16, of the step's own instances, one per instance over the chains; written back. */
    @Test
    void capacitiesAreWholeNumbersOfTheStepsOwnInstancesOnePerInstance() throws Exception {
        String two = "{\"function\":\"ids\",\"instances\":[\"red-ids-1\",\"red-ids-2\"],\"capacity\":";
        ObjectNode doc = red();
        doc.set("chains", M.readTree("[{" + CLASS + ",\"steps\":[" + two + "{\"red-ids-1\":4,\"red-ids-2\":1}}]}]"));
        assertEquals(List.of(), errors(doc));
        TenantDocument d = TenantDocumentCodec.decode(doc);
        assertEquals(d, TenantDocumentCodec.decode(TenantDocumentCodec.encode(d)));
        assertEquals("{\"red-ids-1\":4}", TenantDocumentCodec.encode(d).get("chains").get(0).get("steps").get(0).get("capacity").toString(),
                "1 is the default: not written");
        refused("[{" + CLASS + ",\"steps\":[" + two + "{\"red-db-1\":2}}]}]", "$.chains[0].steps[0].capacity.red-db-1", "BAD_VALUE",
                "not an instance of this step");
        for (String bad : List.of("0", "17", "1.5", "\"2\"")) {
            refused("[{" + CLASS + ",\"steps\":[" + two + "{\"red-ids-1\":" + bad + "}}]}]", "$.chains[0].steps[0].capacity.red-ids-1",
                    "BAD_VALUE", "whole number from 1 to 16");
        }
        refused("[{" + CLASS + ",\"steps\":[" + two + "[2]}]}]", "$.chains[0].steps[0].capacity", "WRONG_TYPE", "an object");
        refused("[{" + CLASS + ",\"steps\":[" + two + "{\"red-ids-1\":2}}]},{" + CLASS.replace("\"c\"", "\"d\"").replace("5432", "5433")
                + ",\"steps\":[" + IDS + "]}]", "$.chains[1].steps[0].capacity", "CONFLICTING_FIELDS", "one capacity per instance");
    }

    @Test
    void unknownNamesStepsTheAppsDoNotProvideAndMisplacedFirewallsAreRefused() throws Exception {
        refused("[{\"name\":\"c\",\"from\":[{\"group\":\"nope\"}],\"to\":[{\"group\":\"db\"}],\"steps\":[" + IDS + "]}]",
                "$.chains[0].from[0].group", "UNKNOWN_GROUP", "'nope'");
        refused("[{" + CLASS + ",\"steps\":[{\"function\":\"ids\",\"instances\":[\"ghost\"]}]}]",
                "$.chains[0].steps[0].instances[0]", "UNKNOWN_ENDPOINT", "'ghost'");
        refused("[{" + CLASS + ",\"steps\":[{\"service\":\"dpi\"}]}]", "$.chains[0].steps[0].service", "BAD_VALUE", "no built-in service");
        refused("[{" + CLASS + ",\"steps\":[{\"service\":\"nat\"}]}]", "$.chains[0].steps[0].service", "BAD_VALUE", "external");
        // a firewall step after a function decides late: only right after the first function, once, between endpoints
        String fw2 = "{\"function\":\"fw\",\"mode\":\"routed\",\"instances\":[\"red-fw-1\"]}";
        ObjectNode afterTwo = red();
        afterTwo.set("chains", M.readTree("[{" + CLASS + ",\"steps\":[" + IDS + "," + fw2 + ",{\"service\":\"firewall\"}]}]"));
        assertEquals(List.of(), errors(afterTwo), "the whole firewall after both functions: late");
        refused("[{" + CLASS + ",\"steps\":[" + IDS + ",{\"service\":\"firewall\",\"tiers\":[\"platform\"]}," + fw2
                + ",{\"service\":\"firewall\",\"tiers\":[\"tenant\",\"baseline\"]}]}]", "$.chains[0].steps[3].service", "BAD_VALUE",
                "one firewall step after a function already");
        refused("[{\"name\":\"c\",\"from\":[{\"group\":\"web\"}],\"to\":[{\"loadBalancer\":\"db-vip\"}],\"protocol\":\"tcp\",\"steps\":["
                + IDS + ",{\"service\":\"firewall\"}]}]", "$.chains[0].steps[1].service", "BAD_VALUE", "a class to a load balancer");
    }

    @Test
    void firewallTiersAreSplitOverStepsEachOnceInOrder() throws Exception {
        ObjectNode doc = red();
        String late = "[{" + CLASS + ",\"steps\":[{\"service\":\"firewall\",\"tiers\":[\"platform\"]}," + IDS
                + ",{\"service\":\"firewall\",\"tiers\":[\"tenant\",\"baseline\"]}]}]";
        doc.set("chains", M.readTree(late));
        assertEquals(List.of(), errors(doc), "the platform tier first, the others after the IDS");
        TenantDocument d = TenantDocumentCodec.decode(doc);
        assertEquals(d, TenantDocumentCodec.decode(TenantDocumentCodec.encode(d)));
        com.fasterxml.jackson.databind.JsonNode written = TenantDocumentCodec.encode(d).get("chains").get(0).get("steps");
        assertEquals(M.readTree(late).get(0).get("steps").get(0), written.get(0), "written back as given");
        assertEquals(M.readTree(late).get(0).get("steps").get(2), written.get(2), "written back as given");
        doc.set("chains", M.readTree("[{" + CLASS + ",\"steps\":[" + IDS + ",{\"service\":\"firewall\"}]}]"));
        assertEquals(List.of(), errors(doc), "the whole firewall after the IDS: every tier late");
        String two = "[{" + CLASS + ",\"steps\":[{\"service\":\"firewall\",\"tiers\":[%s]},{\"service\":\"firewall\",\"tiers\":[%s]}," + IDS + "]}]";
        refused(String.format(two, "\"tenant\"", "\"platform\",\"baseline\""), "$.chains[0].steps[1].tiers", "BAD_VALUE", "in the order");
        refused(String.format(two, "\"tenant\"", "\"tenant\",\"baseline\""), "$.chains[0].steps[1].tiers", "CONFLICTING_FIELDS",
                "earlier firewall step");
        refused(String.format(two, "\"platform\"", "\"tenant\""), "$.chains[0].steps", "BAD_VALUE", "[baseline]");
        refused(String.format(two, "\"platform\"", "\"nope\""), "$.chains[0].steps[1].tiers[0]", "BAD_VALUE", "no tier");
        refused(String.format(two, "\"tenant\",\"platform\"", "\"baseline\""), "$.chains[0].steps[0].tiers[1]", "BAD_VALUE", "in the order");
        refused(String.format(two, "\"tenant\",\"tenant\"", "\"baseline\""), "$.chains[0].steps[0].tiers[1]", "CONFLICTING_FIELDS", "twice");
        refused(String.format(two, "", "\"baseline\""), "$.chains[0].steps[0].tiers", "EMPTY", "at least one tier");
        refused("[{" + CLASS + ",\"steps\":[{\"service\":\"encryption\",\"tiers\":[\"tenant\"]}," + IDS + "]}]", "$.chains[0].steps[0].tiers",
                "CONFLICTING_FIELDS", "only a firewall step");
        refused("[{" + CLASS + ",\"steps\":[{\"service\":\"firewall\"},{\"service\":\"firewall\",\"tiers\":[\"tenant\"]}," + IDS + "]}]",
                "$.chains[0].steps[1].tiers", "CONFLICTING_FIELDS", "earlier firewall step");
        refused("[{" + CLASS + ",\"steps\":[{\"service\":\"firewall\"},{\"service\":\"firewall\"}," + IDS + "]}]",
                "$.chains[0].steps[1]", "DUPLICATE_NAME", "give each step its 'tiers'");
        // two chains deciding different tiers late: refused (one tenant, one set of late tiers)
        String other = "\"name\":\"d\",\"from\":[{\"group\":\"web\"}],\"to\":[{\"group\":\"db\"}],\"protocol\":\"tcp\",\"ports\":[5433]";
        refused("[{" + CLASS + ",\"steps\":[{\"service\":\"firewall\",\"tiers\":[\"platform\"]}," + IDS
                + ",{\"service\":\"firewall\",\"tiers\":[\"tenant\",\"baseline\"]}]},{" + other + ",\"steps\":[{\"service\":\"firewall\","
                + "\"tiers\":[\"platform\",\"tenant\"]}," + IDS + ",{\"service\":\"firewall\",\"tiers\":[\"baseline\"]}]}]",
                "$.chains[1].steps[2]", "CONFLICTING_FIELDS", "the same tiers late");
        ObjectNode same = red();
        same.set("chains", M.readTree("[{" + CLASS + ",\"steps\":[{\"service\":\"firewall\",\"tiers\":[\"platform\"]}," + IDS
                + ",{\"service\":\"firewall\",\"tiers\":[\"tenant\",\"baseline\"]}]},{" + other + ",\"steps\":[{\"service\":\"firewall\"},"
                + IDS + "]}]"));
        assertEquals(List.of(), errors(same), "a late chain and one deciding every tier first: accepted");
    }

    @Test
    void aClassToALoadBalancerIsCheckedAgainstIt() throws Exception {
        String lbClass = "\"name\":\"c\",\"from\":[{\"group\":\"web\"}],\"to\":[{\"loadBalancer\":\"db-vip\"}],\"protocol\":\"tcp\"";
        ObjectNode doc = red();
        doc.set("chains", M.readTree("[{" + lbClass + ",\"ports\":[5432],\"steps\":[{\"service\":\"loadBalancer\"},{\"service\":\"firewall\"},"
                + IDS + "]}]"));
        assertEquals(List.of(), errors(doc), "a class to a load balancer with its step first");
        refused("[{\"name\":\"c\",\"from\":[{\"loadBalancer\":\"db-vip\"}],\"to\":[{\"group\":\"db\"}],\"steps\":[" + IDS + "]}]",
                "$.chains[0].from[0].loadBalancer", "CONFLICTING_FIELDS", "name it in 'to'");
        refused("[{" + lbClass.replace("db-vip", "nope") + ",\"steps\":[" + IDS + "]}]", "$.chains[0].to[0].loadBalancer", "BAD_VALUE",
                "'nope' is not in this tenant's loadBalancers");
        refused("[{" + lbClass + ",\"ports\":[80],\"steps\":[" + IDS + "]}]", "$.chains[0].ports[0]", "BAD_PORT",
                "not a port of load balancer 'db-vip'");
        refused("[{" + lbClass.replace(",\"protocol\":\"tcp\"", "") + ",\"steps\":[" + IDS + "]}]", "$.chains[0].protocol", "REQUIRED",
                "names the protocol");
        refused("[{" + lbClass + ",\"steps\":[{\"service\":\"firewall\"},{\"service\":\"loadBalancer\"}]}]",
                "$.chains[0].steps[1].service", "BAD_VALUE", "the chain's first step");
        refused("[{" + CLASS + ",\"steps\":[{\"service\":\"loadBalancer\"}]}]", "$.chains[0].steps[0].service", "BAD_VALUE",
                "needs the class to go to a load balancer");
        // the load balancer's backends are the group's: a chain on both is one class twice
        refused("[{" + CLASS + ",\"steps\":[" + IDS + "]},{" + lbClass.replace("\"c\"", "\"d\"") + ",\"steps\":[" + IDS + "]}]",
                "$.chains[1]", "CONFLICTING_FIELDS", "both take some connections");
    }

    @Test
    void aClassToTheExternalNetworkNamesOnlyOutsideIpv4CidrsAndNatLast() throws Exception {
        String out = "\"name\":\"c\",\"from\":[{\"group\":\"web\"}],\"to\":[{\"cidr\":\"198.51.100.0/24\"}],\"protocol\":\"tcp\","
                + "\"ports\":[443]";
        ObjectNode doc = red();
        doc.set("chains", M.readTree("[{" + out + ",\"steps\":[" + IDS + "]}]"));
        List<ValidationError> none = errors(doc);
        assertTrue(none.stream().anyMatch(e -> e.path().equals("$.chains[0].to") && e.code().name().equals("REQUIRED")
                && e.reason().contains("'nat' section")), "no NAT of the tenant's, no way out: " + none);
        doc.set("nat", M.readTree("{\"snat\":[{\"name\":\"front-out\",\"network\":\"front\",\"pool\":{\"addresses\":\"203.0.113.100\"}}]}"));
        doc.set("chains", M.readTree("[{" + out + ",\"steps\":[{\"service\":\"firewall\"}," + IDS + ",{\"service\":\"nat\"}]}]"));
        assertEquals(List.of(), errors(doc), "a class to the external network, NAT last");
        TenantDocument d = TenantDocumentCodec.decode(doc);
        assertEquals(d, TenantDocumentCodec.decode(TenantDocumentCodec.encode(d)));
        assertEquals("198.51.100.0/24", TenantDocumentCodec.encode(d).get("chains").get(0).get("to").get(0).get("cidr").asText());
        doc.set("chains", M.readTree("[{" + out + ",\"steps\":[" + IDS + "]}]"));
        assertEquals(List.of(), errors(doc), "the nat step may be left out: NAT translates the class after the chain all the same");
        refused("[{" + out + ",\"steps\":[{\"service\":\"nat\"}," + IDS + "]}]", "$.chains[0].steps[0].service", "BAD_VALUE",
                "last step");
        refused("[{" + out + ",\"steps\":[{\"service\":\"encryption\"}," + IDS + "]}]", "$.chains[0].steps[0].service", "BAD_VALUE",
                "in clear");
        // from the external network: NAT first; not both ways external, not to a load balancer
        String in = "\"name\":\"i\",\"from\":[{\"cidr\":\"198.51.100.0/24\"}],\"to\":[{\"group\":\"web\"}],\"protocol\":\"tcp\","
                + "\"ports\":[8080]";
        doc.set("chains", M.readTree("[{" + in + ",\"steps\":[{\"service\":\"nat\"},{\"service\":\"firewall\"}," + IDS + "]}]"));
        assertEquals(List.of(), errors(doc), "a class from the external network, NAT first");
        TenantDocument di = TenantDocumentCodec.decode(doc);
        assertEquals(di, TenantDocumentCodec.decode(TenantDocumentCodec.encode(di)));
        refused("[{" + in + ",\"steps\":[" + IDS + ",{\"service\":\"nat\"}]}]", "$.chains[0].steps[1].service", "BAD_VALUE", "first step");
        refused("[{" + in.replace("{\"group\":\"web\"}", "{\"cidr\":\"198.51.101.0/24\"}") + ",\"steps\":[" + IDS + "]}]",
                "$.chains[0].to", "CONFLICTING_FIELDS", "the tenant's endpoints");
        // to a load balancer only where it is published on a floating IP; its step first, or second after nat
        String toLb = in.replace("{\"group\":\"web\"}", "{\"loadBalancer\":\"db-vip\"}").replace("8080", "5432");
        ObjectNode unpublished = doc.deepCopy(); // NAT with a pool, no floating IP
        unpublished.set("chains", M.readTree("[{" + toLb + ",\"steps\":[" + IDS + "]}]"));
        List<ValidationError> none2 = errors(unpublished);
        assertTrue(none2.stream().anyMatch(e -> e.path().equals("$.chains[0].to[0].loadBalancer") && e.code().name().equals("BAD_VALUE")
                && e.reason().contains("published on none")), none2.toString());
        ObjectNode published = doc.deepCopy();
        ((ObjectNode) published.get("nat")).set("floatingIps", M.readTree("[{\"name\":\"db-public\",\"loadBalancer\":\"db-vip\","
                + "\"address\":\"203.0.113.60\"}]"));
        published.set("chains", M.readTree("[{" + toLb + ",\"steps\":[{\"service\":\"nat\"},{\"service\":\"loadBalancer\"}," + IDS + "]}]"));
        assertEquals(List.of(), errors(published), "from the external network to a published load balancer");
        published.set("chains", M.readTree("[{" + toLb + ",\"steps\":[{\"service\":\"loadBalancer\"}," + IDS + "]}]"));
        assertEquals(List.of(), errors(published), "its step first where nat is left out");
        published.set("chains", M.readTree("[{" + toLb + ",\"steps\":[{\"service\":\"nat\"}," + IDS + ",{\"service\":\"loadBalancer\"}]}]"));
        List<ValidationError> late = errors(published);
        assertTrue(late.stream().anyMatch(e -> e.path().equals("$.chains[0].steps[2].service") && e.code().name().equals("BAD_VALUE")
                && e.reason().contains("at NAT's gateway")), late.toString());
        // after a function that happens to be named "nat" (not the nat service) the step is not second after nat
        published.set("chains", M.readTree("[{" + toLb + ",\"steps\":[" + IDS.replace("\"ids\"", "\"nat\"")
                + ",{\"service\":\"loadBalancer\"}]}]"));
        List<ValidationError> named = errors(published);
        assertTrue(named.stream().anyMatch(e -> e.path().equals("$.chains[0].steps[1].service") && e.reason().contains("at NAT's gateway")),
                named.toString());
        published.set("chains", M.readTree("[{" + toLb.replace("5432", "5433") + ",\"steps\":[" + IDS + "]}]"));
        late = errors(published);
        assertTrue(late.stream().anyMatch(e -> e.path().equals("$.chains[0].ports[0]") && e.code().name().equals("BAD_PORT")), late.toString());
        // a class to the external network and one from it may share workloads, addresses and protocol (conntrack tells them apart)
        doc.set("chains", M.readTree("[{" + out + ",\"steps\":[" + IDS + "]},{" + in + ",\"steps\":[" + IDS + "]}]"));
        assertEquals(List.of(), errors(doc));
        refused("[{" + in + ",\"steps\":[" + IDS + "]},{" + in.replace("\"i\"", "\"j\"") + ",\"steps\":[" + IDS + "]}]", "$.chains[1]",
                "CONFLICTING_FIELDS", "both take some connections");
        refused("[{" + out.replace("198.51.100.0/24", "2001:db8::/32") + ",\"steps\":[" + IDS + "]}]", "$.chains[0].to[0].cidr",
                "BAD_ADDRESS", "IPv6");
        refused("[{" + out.replace("198.51.100.0/24", "198.51.100.0/33") + ",\"steps\":[" + IDS + "]}]", "$.chains[0].to[0].cidr",
                "BAD_CIDR", "not a CIDR");
        refused("[{" + out.replace("198.51.100.0/24", "10.10.0.0/16") + ",\"steps\":[" + IDS + "]}]", "$.chains[0].to[0].cidr",
                "CONFLICTING_FIELDS", "outside the tenant's networks");
        refused("[{" + out.replace("{\"cidr\":\"198.51.100.0/24\"}", "{\"cidr\":\"198.51.100.0/24\"},{\"group\":\"db\"}") + ",\"steps\":["
                + IDS + "]}]", "$.chains[0].to", "CONFLICTING_FIELDS", "only CIDRs");
        // two chains on one member's connections to overlapping external addresses
        refused("[{" + out + ",\"steps\":[" + IDS + "]},{" + out.replace("\"c\"", "\"d\"").replace("198.51.100.0/24", "198.51.100.128/25")
                + ",\"steps\":[" + IDS + "]}]", "$.chains[1]", "CONFLICTING_FIELDS", "both take some connections");
    }

    @Test
    void loopsAndConflictingChainsAreRefused() throws Exception {
        refused("[{" + CLASS + ",\"steps\":[" + IDS + "," + IDS + "]}]", "$.chains[0].steps[1]", "DUPLICATE_NAME", "a loop");
        refused("[{" + CLASS + ",\"steps\":[" + IDS + ",{\"function\":\"ips\",\"instances\":[\"red-ids-1\"]}]}]",
                "$.chains[0].steps[1].instances[0]", "CONFLICTING_FIELDS", "serves the chain twice");
        refused("[{" + CLASS + ",\"steps\":[{\"function\":\"ids\",\"instances\":[\"red-web-2\"]}]}]",
                "$.chains[0].steps[0].instances[0]", "CONFLICTING_FIELDS", "own class");
        refused("[{\"name\":\"c\",\"from\":[{\"group\":\"web\"}],\"to\":[{\"endpoint\":\"red-web-2\"}],\"steps\":[" + IDS + "]}]",
                "$.chains[0].to", "CONFLICTING_FIELDS", "both sides");
        refused("[{" + CLASS + ",\"steps\":[" + IDS + "]},{" + CLASS.replace("\"c\"", "\"d\"").replace("[5432]", "[5432,80]")
                + ",\"steps\":[" + IDS + "]}]", "$.chains[1]", "CONFLICTING_FIELDS", "both take some connections");
        refused("[{" + CLASS + ",\"steps\":[" + IDS + "]},{\"name\":\"d\",\"from\":[{\"group\":\"db\"}],\"to\":[{\"endpoint\":\"red-web-1\"}],"
                + "\"steps\":[" + IDS + "]}]", "$.chains[1]", "CONFLICTING_FIELDS", "the other way");
        // disjoint ports are two classes
        ObjectNode doc = red();
        doc.set("chains", M.readTree("[{" + CLASS + ",\"steps\":[" + IDS + "]},{" + CLASS.replace("\"c\"", "\"d\"").replace("[5432]", "[80]")
                + ",\"steps\":[" + IDS + "]}]"));
        assertEquals(List.of(), errors(doc));
    }

    @Test
    void aClassOfNothingAndAnInstanceInTwoModesAreRefused() throws Exception {
        ObjectNode doc = red();
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("groups")).addObject().put("name", "none").putObject("selector")
                .putObject("matchLabels").put("tier", "none");
        doc.set("chains", M.readTree("[{\"name\":\"c\",\"from\":[{\"group\":\"web\"}],\"to\":[{\"group\":\"none\"}],\"steps\":["
                + IDS + "]}]"));
        List<ValidationError> es = errors(doc);
        assertTrue(es.stream().anyMatch(e -> e.path().equals("$.chains[0].to") && e.code().name().equals("EMPTY")
                && e.reason().contains("apply to nothing")), es.toString());
        refused("[{" + CLASS + ",\"steps\":[" + IDS + "]},{\"name\":\"d\",\"from\":[{\"group\":\"web\"}],\"to\":[{\"group\":\"db\"}],"
                + "\"protocol\":\"udp\",\"steps\":[{\"function\":\"ids\",\"mode\":\"routed\",\"instances\":[\"red-ids-1\"]}]}]",
                "$.chains[1].steps[0].instances[0]", "CONFLICTING_FIELDS", "one mode per instance");
    }

    @Test
    void aTenantHasAtMost255InstancesEachCountedOnceWhateverChainsShareIt() throws Exception {
        // 300 chains over one instance: one steering index (it was refused when every chain's instance counted)
        StringBuilder shared = new StringBuilder("[");
        for (int i = 0; i < 300; i++) {
            shared.append(i == 0 ? "" : ",").append("{\"name\":\"c").append(i).append("\",\"from\":[{\"group\":\"db\"}],")
                    .append("\"to\":[{\"group\":\"web\"}],\"protocol\":\"udp\",\"ports\":[").append(6000 + i).append("],\"steps\":[")
                    .append(IDS).append("]}");
        }
        ObjectNode doc = red();
        doc.set("chains", M.readTree(shared.append("]").toString()));
        assertEquals(List.of(), errors(doc));
        // 256 instances, 16 in each of 16 chains: one too many
        doc = red();
        com.fasterxml.jackson.databind.node.ArrayNode eps = (com.fasterxml.jackson.databind.node.ArrayNode) doc.get("endpoints");
        StringBuilder many = new StringBuilder("[");
        for (int k = 0; k < 16; k++) {
            many.append(k == 0 ? "" : ",").append("{\"name\":\"m").append(k).append("\",\"from\":[{\"group\":\"web\"}],")
                    .append("\"to\":[{\"group\":\"db\"}],\"protocol\":\"udp\",\"ports\":[").append(7000 + k)
                    .append("],\"steps\":[{\"function\":\"f\",\"instances\":[");
            for (int j = 0; j < 16; j++) {
                int n = k * 16 + j;
                String name = "x-" + n;
                ObjectNode e = eps.addObject().put("name", name).put("kind", "container").put("mac", String.format("02:00:00:0b:%02x:%02x", n / 256, n % 256));
                e.putArray("addresses").add((n < 128 ? "10.10.1." : "10.10.2.") + (60 + n % 128));
                e.putObject("attachment").put("dsn", "of:0000000000000001").put("port", 100 + n);
                many.append(j == 0 ? "" : ",").append("\"").append(name).append("\"");
            }
            many.append("]}]}");
        }
        doc.set("chains", M.readTree(many.append("]").toString()));
        List<ValidationError> es = errors(doc);
        assertTrue(es.stream().anyMatch(e -> e.path().equals("$.chains") && e.code().name().equals("TOO_MANY")
                && e.reason().startsWith("256 service-function instances")), es.toString());
        // one fewer: accepted
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("chains").get(15).get("steps").get(0).get("instances")).remove(15);
        assertEquals(List.of(), errors(doc));
    }

    @Test
    void aStoredDocumentStaysReadableWhenAStepsAppIsNotActive() throws Exception {
        ChainApp app = (ChainApp) org.dsp.spi.Services.discovered().app(ChainApp.NAME);
        java.util.Set<String> noFirewall = java.util.Set.of("microsegmentation", "lb", "overlay", "nat", "chain");
        app.bind(new org.dsp.spi.ServiceHost() {
            @Override
            public void refresh(String tenantId) {
            }

            @Override
            public boolean emit(org.onosproject.net.DeviceId dsn, long port, byte[] frame) {
                return false;
            }

            @Override
            public java.util.Set<String> services() {
                return noFirewall;
            }
        });
        try {
            org.dsp.codec.TenantDocumentCodec codec = org.dsp.codec.TenantDocumentCodec.with(org.dsp.spi.Services.of(List.of(app,
                    org.dsp.spi.Services.discovered().app("overlay"))));
            com.fasterxml.jackson.databind.JsonNode json = red().without(List.of("firewall", "loadBalancers"));
            InvalidDocumentException e = org.junit.jupiter.api.Assertions.assertThrows(InvalidDocumentException.class, () -> codec.read(json));
            assertTrue(e.errors().stream().anyMatch(x -> x.code().name().equals("SERVICE_NOT_ACTIVE")), e.errors().toString());
            assertEquals("inspect-db", ((org.dsp.chain.model.Chains) codec.readStored(json).section(ChainCodec.KEY,
                    org.dsp.chain.model.Chains.class)).list().get(0).name(), "a stored document is read");
        } finally {
            app.unbind();
        }
    }

    @Test
    void chainsNeedTheOverlayAndIpv4MembersAsInstances() throws Exception {
        ObjectNode doc = red();
        doc.remove("networks");
        doc.remove("endpoints");
        doc.set("endpoints", M.readTree("[{\"name\":\"a\",\"mac\":\"02:00:00:00:00:01\",\"addresses\":[\"10.0.0.1\"],\"labels\":{\"tier\":\"web\"},"
                + "\"attachment\":{\"dsn\":\"of:0000000000000001\",\"port\":1}},{\"name\":\"b\",\"mac\":\"02:00:00:00:00:02\",\"addresses\":"
                + "[\"10.0.0.2\"],\"labels\":{\"tier\":\"db\"},\"attachment\":{\"dsn\":\"of:0000000000000001\",\"port\":2}}]"));
        doc.remove("firewall");
        doc.set("chains", M.readTree("[{" + CLASS + ",\"steps\":[{\"function\":\"ids\",\"instances\":[\"a\"]}]}]"));
        List<ValidationError> es = errors(doc);
        assertTrue(es.stream().anyMatch(e -> e.path().equals("$.chains") && e.code().name().equals("REQUIRED")
                && e.reason().contains("'networks'")), es.toString());
    }
}
