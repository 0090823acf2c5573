package org.dsp.nat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsp.ir.ExternalAccess;
import org.dsp.ir.LogicalField;
import org.dsp.ir.Owner;
import org.dsp.ir.Phase;
import org.dsp.ir.Stage;
import org.dsp.model.TenantDocument;
import org.dsp.nat.model.FloatingIp;
import org.dsp.nat.model.NatRules;
import org.dsp.nat.model.PortForward;
import org.dsp.nat.model.SnatRule;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.TenantContext;
import org.onlab.packet.Ip4Address;
import org.osgi.service.component.annotations.Component;

/**
 * NAT and external connectivity for overlay tenants: the {@code nat} section's pool rules,
 * floating IPs and port forwards, translated at gateway DSNs in a conntrack zone of the tenant's
 * own (docs/nat.md). Policy sees the members' private addresses and the real external address.
 */
@Component(immediate = true, service = ServiceApp.class)
public class NatApp implements ServiceApp {
    /** The service's name (also the purpose of its conntrack zone). */
    public static final String NAME = "nat";
    /** After policy, on a member's DSN: its external packets to their gateway. */
    public static final Stage ROUTE = org.dsp.nat.model.NatStages.ROUTE;
    /** At a gateway: source translation, out of the external port. */
    public static final Stage OUT = org.dsp.nat.model.NatStages.OUT;
    /** At a gateway: destination translation of what the external port brings. */
    public static final Stage IN = org.dsp.nat.model.NatStages.IN;
    /** At a gateway: an inbound packet on to its member (local, or through the tunnel). */
    public static final Stage DELIVER = org.dsp.nat.model.NatStages.DELIVER;
    /** The stages, as the IR names them. */
    static final ExternalAccess.Stages STAGES = new ExternalAccess.Stages(ROUTE, OUT, IN, DELIVER);
    /** The external path's mark: 1 to be translated, 3 translation tried (bit 0: on the external path). */
    public static final LogicalField MARK = LogicalField.service(NAME, "external", 2, false);
    /** The owner kind of the NAT flows. */
    public static final Owner.Kind NAT = Owner.Kind.of(24, "nat");
    /** The punt kind of packets a pool could not translate. */
    public static final Owner.Kind PUNT = Owner.Kind.of(56, "nat-punt");

    private final NatState state = new NatState();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String app() {
        return "org.dsp.nat";
    }

    /**
     * NAT's step 2 for the OVS driver ({@link org.dsp.nat.ovs.NatTranslator}): the route to the
     * tenant's gateway, translation there, ARP for the external addresses, a published load
     * balancer's groups. Given when the driver asks with its own interface.
     */
    @Override
    public <T> T translation(Class<T> api) {
        return api == org.dsp.driver.ovs.ServiceTranslator.class ? api.cast(new org.dsp.nat.ovs.NatTranslator()) : null;
    }

    @Override
    public List<SectionCodec<?>> sections() {
        return List.of(new NatCodec());
    }

    @Override
    public List<Stage> stages() {
        return List.of(ROUTE, OUT, IN, DELIVER);
    }

    @Override
    public List<LogicalField> fields() {
        return List.of(MARK);
    }

    @Override
    public List<Owner.Kind> ownerKinds() {
        return List.of(NAT, PUNT);
    }

    @Override
    public ServiceCompiler compiler(TenantContext tenant) {
        return new NatCompiler(state);
    }

    @Override
    public void packetIn(org.onosproject.net.DeviceId dsn, long inPort, long cookie, byte[] frame) {
        try {
            int key = (int) ((cookie >>> 32) & 0xffff);
            state.untranslated(dsn.toString(), key, org.onlab.packet.Ethernet.deserializer().deserialize(frame, 0, frame.length));
        } catch (org.onlab.packet.DeserializationException | RuntimeException e) {
            // not a frame this service sent for
        }
    }

    @Override
    public Map<String, Object> state(String tenantId) {
        return state.state(tenantId);
    }

    /** Every external address of the section: no other tenant (and no flat workload) may use it. */
    @Override
    public Map<String, String> claims(TenantDocument doc) {
        NatRules rules = doc.section(NatCodec.KEY, NatRules.class);
        Map<String, String> out = new LinkedHashMap<>();
        if (rules == null) {
            return out;
        }
        for (int i = 0; i < rules.snat().size(); i++) {
            SnatRule r = rules.snat().get(i);
            for (Ip4Address a : r.addresses()) {
                out.putIfAbsent("address " + a, "$." + NatCodec.KEY + ".snat[" + i + "].pool.addresses");
            }
        }
        for (int i = 0; i < rules.floatingIps().size(); i++) {
            FloatingIp f = rules.floatingIps().get(i);
            out.putIfAbsent("address " + f.address(), "$." + NatCodec.KEY + ".floatingIps[" + i + "].address");
        }
        for (int i = 0; i < rules.portForwards().size(); i++) {
            PortForward f = rules.portForwards().get(i);
            out.putIfAbsent("address " + f.address(), "$." + NatCodec.KEY + ".portForwards[" + i + "].address");
        }
        return out;
    }
}
