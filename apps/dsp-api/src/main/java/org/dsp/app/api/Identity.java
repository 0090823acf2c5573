package org.dsp.app.api;

import java.security.Principal;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A user and what it may do: platform roles, and the tenants it administers or views. Immutable.
 * Tenant ids named here need not exist yet (a tenant admin of {@code acme} may create it).
 */
public final class Identity implements Principal {
    /** The pattern every user name matches. */
    public static final String NAME_PATTERN = "[A-Za-z0-9._@-]{1,64}";

    private final String name;
    private final Set<Role> platform;
    private final Set<String> adminOf;
    private final Set<String> viewerOf;

    /**
     * Checks the fields and keeps sorted, unmodifiable copies.
     *
     * @param name     the user's name (letters, digits, {@code . _ @ -}; 1-64 characters)
     * @param platform platform roles held: {@link Role#PLATFORM_ADMIN} and/or {@link Role#AUDITOR}
     * @param adminOf  tenants it administers ({@link Role#TENANT_ADMIN})
     * @param viewerOf tenants it views ({@link Role#TENANT_VIEWER})
     */
    public Identity(String name, Set<Role> platform, Set<String> adminOf, Set<String> viewerOf) {
        Objects.requireNonNull(name, "name");
        if (!name.matches(NAME_PATTERN)) {
            throw new IllegalArgumentException("user name '" + name + "' must match " + NAME_PATTERN);
        }
        for (Role r : platform) {
            if (r != Role.PLATFORM_ADMIN && r != Role.AUDITOR) {
                throw new IllegalArgumentException(r.label() + " is a tenant role: name its tenants instead");
            }
        }
        this.name = name;
        this.platform = Set.copyOf(platform);
        this.adminOf = java.util.Collections.unmodifiableSet(new TreeSet<>(adminOf));
        this.viewerOf = java.util.Collections.unmodifiableSet(new TreeSet<>(viewerOf));
    }

    /** Returns the user's name. */
    public String name() {
        return name;
    }

    /** Returns the platform roles held. */
    public Set<Role> platform() {
        return platform;
    }

    /** Returns the tenants it administers, sorted. */
    public Set<String> adminOf() {
        return adminOf;
    }

    /** Returns the tenants it views, sorted. */
    public Set<String> viewerOf() {
        return viewerOf;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Identity)) {
            return false;
        }
        Identity i = (Identity) o;
        return name.equals(i.name) && platform.equals(i.platform) && adminOf.equals(i.adminOf) && viewerOf.equals(i.viewerOf);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, platform, adminOf, viewerOf);
    }

    @Override
    public String toString() {
        return name + platform + " admin" + adminOf + " viewer" + viewerOf;
    }

    /** Returns a platform administrator named {@code name}. */
    public static Identity platformAdmin(String name) {
        return new Identity(name, Set.of(Role.PLATFORM_ADMIN), Set.of(), Set.of());
    }

    @Override
    public String getName() {
        return name;
    }

    /** Whether it holds {@link Role#PLATFORM_ADMIN}. */
    public boolean isPlatformAdmin() {
        return platform.contains(Role.PLATFORM_ADMIN);
    }

    /** Whether it may read everything: platform admin or auditor. */
    public boolean readsEverything() {
        return isPlatformAdmin() || platform.contains(Role.AUDITOR);
    }

    /** Whether it may read tenant {@code tenant}'s document, status, flows and counters. */
    public boolean canRead(String tenant) {
        return readsEverything() || adminOf.contains(tenant) || viewerOf.contains(tenant);
    }

    /** Whether it may apply, preview or delete tenant {@code tenant}'s document. */
    public boolean canWrite(String tenant) {
        return isPlatformAdmin() || adminOf.contains(tenant);
    }

    /** Whether it holds any role at all. */
    public boolean hasAnyRole() {
        return !platform.isEmpty() || !adminOf.isEmpty() || !viewerOf.isEmpty();
    }
}
