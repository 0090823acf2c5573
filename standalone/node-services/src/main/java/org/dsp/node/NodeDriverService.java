package org.dsp.node;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.onosproject.net.DeviceId;
import org.onosproject.net.driver.Behaviour;
import org.onosproject.net.driver.DefaultDriver;
import org.onosproject.net.driver.DefaultDriverData;
import org.onosproject.net.driver.DefaultDriverHandler;
import org.onosproject.net.driver.DefaultDriverProviderService;
import org.onosproject.net.driver.Driver;
import org.onosproject.net.driver.DriverAdminService;
import org.onosproject.net.driver.DriverHandler;
import org.onosproject.net.driver.DriverListener;
import org.onosproject.net.driver.DriverProvider;
import org.onosproject.net.driver.DriverService;

/**
 * Drivers in the node: a behaviour-less stand-in for ONOS's "ovs" driver, plus whatever driver
 * providers register - in practice DSP's own loader, which adds "dsp-ovs" (the extension
 * interpreters and resolvers for OVS). Every switch the node serves is Open vSwitch, so each
 * device's driver is "dsp-ovs" once it is registered, "ovs" before. No driver events.
 */
final class NodeDriverService implements DriverService, DriverAdminService, DefaultDriverProviderService {
    static final String OVS = "ovs";
    static final String DSP_OVS = "dsp-ovs";

    private final Map<String, Driver> drivers = new ConcurrentHashMap<>();
    private final Set<DriverProvider> providers = new CopyOnWriteArraySet<>();
    private final Supplier<Iterable<DeviceId>> devices;

    NodeDriverService(Supplier<Iterable<DeviceId>> devices) {
        this.devices = devices;
        drivers.put(OVS, new DefaultDriver(OVS, List.of(), "Nicira, Inc.", "Open vSwitch", "any", Map.of(), Map.of()));
    }

    @Override
    public Set<Driver> getDrivers() {
        return Set.copyOf(drivers.values());
    }

    @Override
    public Set<Driver> getDrivers(Class<? extends Behaviour> withBehaviour) {
        return drivers.values().stream().filter(d -> d.hasBehaviour(withBehaviour)).collect(Collectors.toSet());
    }

    @Override
    public Driver getDriver(DeviceId deviceId) {
        Driver d = drivers.get(DSP_OVS);
        return d != null ? d : drivers.get(OVS);
    }

    @Override
    public Map<DeviceId, String> getDeviceDrivers() {
        Map<DeviceId, String> out = new java.util.HashMap<>();
        devices.get().forEach(d -> out.put(d, getDriver(d).name()));
        return out;
    }

    @Override
    public DriverHandler createHandler(DeviceId deviceId, String... credentials) {
        return new DefaultDriverHandler(new DefaultDriverData(getDriver(deviceId), deviceId));
    }

    @Override
    public Driver getDriver(String name) {
        return drivers.get(name);
    }

    @Override
    public Driver getDriver(String mfr, String hw, String sw) {
        return drivers.values().stream().filter(d -> mfr.matches(d.manufacturer()) && hw.matches(d.hwVersion()))
                .findFirst().orElse(null);
    }

    @Override
    public Set<DriverProvider> getProviders() {
        return Set.copyOf(providers);
    }

    @Override
    public void registerProvider(DriverProvider provider) {
        providers.add(provider);
        provider.getDrivers().forEach(d -> drivers.put(d.name(), d));
    }

    @Override
    public void unregisterProvider(DriverProvider provider) {
        providers.remove(provider);
        provider.getDrivers().forEach(d -> drivers.remove(d.name(), d));
    }

    @Override
    public Class<? extends Behaviour> getBehaviourClass(String className) {
        return null; // a driver's own bundle loads its behaviour classes
    }

    @Override
    public void addListener(DriverListener listener) {
        // drivers change only when a provider registers; no events are sent
    }

    @Override
    public void removeListener(DriverListener listener) {
        // no events are sent
    }
}
