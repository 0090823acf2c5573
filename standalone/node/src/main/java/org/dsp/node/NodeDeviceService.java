package org.dsp.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import org.dsp.node.openflow.SwitchConnection;
import org.dsp.node.openflow.SwitchListener;
import org.onlab.packet.ChassisId;
import org.onosproject.net.DefaultDevice;
import org.onosproject.net.Device;
import org.onosproject.net.DeviceId;
import org.onosproject.net.MastershipRole;
import org.onosproject.net.Port;
import org.onosproject.net.PortNumber;
import org.onosproject.net.device.DeviceEvent;
import org.onosproject.net.device.DeviceListener;
import org.onosproject.net.device.DeviceService;
import org.onosproject.net.device.PortStatistics;
import org.onosproject.net.provider.ProviderId;

/** Devices are the switches connected to the node's OpenFlow channel. */
final class NodeDeviceService implements DeviceService, SwitchListener {
    static final ProviderId PROVIDER = new ProviderId("of", "org.dsp.node");

    private final Map<DeviceId, Device> devices = new ConcurrentHashMap<>();
    private final Set<DeviceListener> listeners = new CopyOnWriteArraySet<>();

    @Override
    public void connected(SwitchConnection sw) {
        DeviceId id = DeviceId.deviceId(sw.deviceId());
        Device d = new DefaultDevice(PROVIDER, id, Device.Type.SWITCH, "Open vSwitch", "", "", "", new ChassisId(sw.dpid().getLong()));
        devices.put(id, d);
        listeners.forEach(l -> l.event(new DeviceEvent(DeviceEvent.Type.DEVICE_ADDED, d)));
    }

    @Override
    public void disconnected(SwitchConnection sw) {
        Device d = devices.remove(DeviceId.deviceId(sw.deviceId()));
        if (d != null) {
            listeners.forEach(l -> l.event(new DeviceEvent(DeviceEvent.Type.DEVICE_REMOVED, d)));
        }
    }

    @Override
    public int getDeviceCount() {
        return devices.size();
    }

    @Override
    public Iterable<Device> getDevices() {
        return new ArrayList<>(devices.values());
    }

    @Override
    public Iterable<Device> getDevices(Device.Type type) {
        return type == Device.Type.SWITCH ? getDevices() : List.of();
    }

    @Override
    public Iterable<Device> getAvailableDevices() {
        return getDevices();
    }

    @Override
    public Iterable<Device> getAvailableDevices(Device.Type type) {
        return getDevices(type);
    }

    @Override
    public Device getDevice(DeviceId deviceId) {
        return devices.get(deviceId);
    }

    @Override
    public MastershipRole getRole(DeviceId deviceId) {
        return MastershipRole.MASTER;
    }

    @Override
    public List<Port> getPorts(DeviceId deviceId) {
        throw Refuse.of("DeviceService", "getPorts");
    }

    @Override
    public List<PortStatistics> getPortStatistics(DeviceId deviceId) {
        throw Refuse.of("DeviceService", "getPortStatistics");
    }

    @Override
    public List<PortStatistics> getPortDeltaStatistics(DeviceId deviceId) {
        throw Refuse.of("DeviceService", "getPortDeltaStatistics");
    }

    @Override
    public Port getPort(DeviceId deviceId, PortNumber portNumber) {
        throw Refuse.of("DeviceService", "getPort");
    }

    @Override
    public boolean isAvailable(DeviceId deviceId) {
        return devices.containsKey(deviceId);
    }

    @Override
    public String localStatus(DeviceId deviceId) {
        return isAvailable(deviceId) ? "connected" : "disconnected";
    }

    @Override
    public long getLastUpdatedInstant(DeviceId deviceId) {
        return 0;
    }

    @Override
    public void addListener(DeviceListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(DeviceListener listener) {
        listeners.remove(listener);
    }
}
