package org.dsp.app.api;

import java.util.Collection;

/**
 * DSP's users and their roles, in the cluster's store (every member sees the same). Credentials
 * are not kept here: ONOS authenticates against its own realm, the standalone node keeps hashed
 * passwords and tokens of its own.
 */
public interface IdentityService {
    /** Returns the user named {@code name}, or null when there is none. */
    Identity identity(String name);

    /** Returns every user, sorted by name. */
    Collection<Identity> identities();

    /** Creates or replaces a user and its roles. */
    void put(Identity identity);

    /** Removes a user; returns whether it existed. */
    boolean remove(String name);

    /**
     * Calls {@code listener} with the name of every user removed from now on (by any member), so a
     * runtime forgets the user's credentials.
     */
    void onRemoved(java.util.function.Consumer<String> listener);
}
