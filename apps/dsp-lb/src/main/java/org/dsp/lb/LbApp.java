package org.dsp.lb;

import java.util.List;
import org.dsp.ir.Owner;
import org.dsp.ir.Phase;
import org.dsp.ir.Stage;
import org.dsp.spi.SectionCodec;
import org.dsp.spi.ServiceApp;
import org.dsp.spi.ServiceCompiler;
import org.dsp.spi.TenantContext;
import org.osgi.service.component.annotations.Component;

/**
 * The load balancer: the {@code loadBalancers} section and two pre-policy stages and a post-policy one at every DSN
 * that holds a client of the tenant - {@code lb_vip} picks a backend for a new connection to a
 * virtual service, {@code lb_backend} translates the destination to it through conntrack and
 * looks the destination up again, so policy then sees the real backend (docs/lb.md). Backends with
 * a health check are probed from their own DSN ({@link HealthMonitor}); those that are down leave
 * the selection. It decides no connection itself (policy decides on the translated packet).
 */
@Component(immediate = true, service = ServiceApp.class)
public class LbApp implements ServiceApp {
    /** The service's name. */
    public static final String NAME = "lb";
    /** The stage that matches a virtual service and picks a backend. */
    public static final Stage VIP = Stage.of("lb_vip", Phase.PRE_POLICY, 0, NAME);
    /** The stage that translates a new connection to the backend picked. */
    public static final Stage BACKEND = Stage.of("lb_backend", Phase.PRE_POLICY, 1, NAME);
    /**
     * The stage after policy that gives hairpin connections (a backend's own connection to its
     * VIP, translated back to itself) the VIP as their source and sends them back out of their port.
     */
    public static final Stage HAIRPIN = Stage.of("lb_hairpin", Phase.POST_POLICY, 1, NAME);
    /** The owner kind of the load balancers' flows. */
    public static final Owner.Kind LOAD_BALANCER = Owner.Kind.of(16, "load-balancer");
    /**
     * The owner kind (a punt kind) of the flows that send packets here: backends' answers to
     * health probes, clients' neighbour solicitations for an IPv6 VIP.
     */
    public static final Owner.Kind PUNT = Owner.Kind.of(48, "lb-punt");

    private final HealthMonitor monitor = new HealthMonitor();
    private final Neighbours neighbours = new Neighbours();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String app() {
        return "org.dsp.lb";
    }

    @Override
    public List<SectionCodec<?>> sections() {
        return List.of(new LbCodec());
    }

    @Override
    public List<Stage> stages() {
        return List.of(VIP, BACKEND, HAIRPIN);
    }

    @Override
    public List<Owner.Kind> ownerKinds() {
        return List.of(LOAD_BALANCER, PUNT);
    }

    @Override
    public ServiceCompiler compiler(TenantContext tenant) {
        return new LbCompiler(monitor, neighbours);
    }

    @Override
    public void bind(org.dsp.spi.ServiceHost host) {
        neighbours.attach(host);
        monitor.start(host);
    }

    @Override
    public void unbind() {
        monitor.stop();
        neighbours.attach(null);
    }

    @Override
    public void packetIn(org.onosproject.net.DeviceId dsn, long inPort, long cookie, byte[] frame) {
        org.onlab.packet.Ethernet eth;
        try {
            eth = org.onlab.packet.Ethernet.deserializer().deserialize(frame, 0, frame.length);
        } catch (org.onlab.packet.DeserializationException | RuntimeException e) {
            return; // not a frame this service sent for
        }
        if (!neighbours.packetIn(dsn, inPort, eth)) {
            monitor.packetIn(dsn, inPort, eth);
        }
    }

    @Override
    public java.util.Map<String, Object> state(String tenantId) {
        return monitor.state(tenantId);
    }

    /** The backends' health (up, checks sent) as metrics. */
    @Override
    public java.util.List<org.dsp.spi.ServiceMetric> metrics(String tenantId) {
        return monitor.metrics(tenantId);
    }
}
