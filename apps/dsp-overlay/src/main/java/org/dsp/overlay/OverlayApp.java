package org.dsp.overlay;

import java.util.List;
import java.util.Set;
import org.dsp.ir.Owner;
import org.dsp.ir.Stage;
import org.dsp.model.TenantDocument;
import org.dsp.overlay.model.Networks;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.TenantContext;
import org.osgi.service.component.annotations.Component;

/**
 * Overlay networks: the {@code networks} section gives a tenant virtual networks with an address
 * space of its own (two tenants may use the same addresses). Their members are reached only
 * through VXLAN tunnels between DSNs keyed by network, their ARP is answered at their DSN, and
 * packets between a tenant's networks are routed at the sending DSN (docs/overlay.md). It decides
 * no connection itself: policy runs unchanged on the overlay.
 */
@Component(immediate = true, service = ServiceApp.class)
public class OverlayApp implements ServiceApp {
    /** The service's name. */
    public static final String NAME = org.dsp.overlay.model.OverlayStages.SERVICE;
    /**
     * The stage after policy (the last post-policy slot, so every other service's post-policy
     * work is done) that sends a packet for a member on another DSN into the tunnel.
     */
    public static final Stage STAGE = org.dsp.overlay.model.OverlayStages.OUT;
    /** The stage before it that measures a packet for the tunnel against its network's MTU. */
    public static final Stage MEASURE = org.dsp.overlay.model.OverlayStages.MEASURE;
    /** Set on a packet too large for its network's MTU (it goes to the controller, which answers the sender). */
    public static final org.dsp.ir.LogicalField TOO_BIG = org.dsp.overlay.model.OverlayStages.TOO_BIG;
    /** The owner kind of a network's flows. */
    public static final Owner.Kind NETWORK = Owner.Kind.of(20, "network");
    /** The owner kind (a punt kind) of the flows that send members' neighbour solicitations here. */
    public static final Owner.Kind PUNT = org.dsp.overlay.model.OverlayStages.PUNT;

    private final OverlayNeighbours neighbours = new OverlayNeighbours();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String app() {
        return "org.dsp.overlay";
    }

    @Override
    public List<SectionCodec<?>> sections() {
        return List.of(new OverlayCodec(), new EncryptionCodec());
    }

    /**
     * The overlay's step 2 for the OVS driver ({@link org.dsp.overlay.ovs.OverlayTranslator}):
     * a network's classify, address resolution, routing and tunnel flows. Given when the driver asks
     * with its own interface.
     */
    @Override
    public <T> T translation(Class<T> api) {
        return api == org.dsp.driver.ovs.ServiceTranslator.class ? api.cast(new org.dsp.overlay.ovs.OverlayTranslator()) : null;
    }

    @Override
    public List<Stage> stages() {
        return List.of(MEASURE, STAGE);
    }

    @Override
    public List<org.dsp.ir.LogicalField> fields() {
        return List.of(TOO_BIG);
    }

    @Override
    public List<Owner.Kind> ownerKinds() {
        return List.of(NETWORK, PUNT, org.dsp.overlay.model.OverlayStages.PUNT_ENCRYPTED);
    }

    @Override
    public ServiceCompiler compiler(TenantContext tenant) {
        return new OverlayCompiler(neighbours);
    }

    @Override
    public void bind(org.dsp.spi.ServiceHost host) {
        neighbours.attach(host);
    }

    @Override
    public void unbind() {
        neighbours.attach(null);
    }

    @Override
    public void packetIn(org.onosproject.net.DeviceId dsn, long inPort, long cookie, byte[] frame) {
        try {
            neighbours.packetIn(dsn, inPort, cookie, org.onlab.packet.Ethernet.deserializer().deserialize(frame, 0, frame.length));
        } catch (org.onlab.packet.DeserializationException | RuntimeException e) {
            // not a frame this service sent for
        }
    }

    @Override
    public Set<String> scopedEndpoints(TenantDocument doc) {
        Networks n = doc.section(OverlayCodec.KEY, Networks.class);
        return n == null ? Set.of() : n.members(doc);
    }
}
