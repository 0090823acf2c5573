package org.dsp.lb;

import java.util.Objects;
import org.dsp.lb.model.HealthCheck;
import org.onlab.packet.Ip4Address;
import org.onlab.packet.MacAddress;
import org.onosproject.net.DeviceId;

/**
 * One backend a load balancer's health check probes: the endpoint, where it is attached (DSN and
 * port), its MAC and IPv4 address, the port probed, the check, and the VIP the probes come from.
 */
final class ProbeTarget {
    final String tenant;
    final String lb;
    final String endpoint;
    final DeviceId dsn;
    final long dsnPort;
    final MacAddress mac;
    final Ip4Address address;
    final int port;
    final HealthCheck check;
    final Ip4Address vip;

    ProbeTarget(String tenant, String lb, String endpoint, DeviceId dsn, long dsnPort, MacAddress mac, Ip4Address address, int port,
                HealthCheck check, Ip4Address vip) {
        this.tenant = tenant;
        this.lb = lb;
        this.endpoint = endpoint;
        this.dsn = dsn;
        this.dsnPort = dsnPort;
        this.mac = mac;
        this.address = address;
        this.port = port;
        this.check = check;
        this.vip = vip;
    }

    /** The identity of a probed backend: tenant, load balancer, endpoint, port. */
    String key() {
        return tenant + "/" + lb + "/" + endpoint + ":" + port;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ProbeTarget)) {
            return false;
        }
        ProbeTarget t = (ProbeTarget) o;
        return t.key().equals(key()) && t.dsn.equals(dsn) && t.dsnPort == dsnPort && t.mac.equals(mac) && t.address.equals(address)
                && t.check.equals(check) && t.vip.equals(vip);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key(), dsn, dsnPort, mac, address, check, vip);
    }

    @Override
    public String toString() {
        return key() + " at " + dsn + "/" + dsnPort;
    }
}
