package org.dsp.driver.ovs;

import java.util.List;
import java.util.Objects;
import org.dsp.ir.Owner;

/**
 * What one owner puts at one flow key of a DSN: either a full action list (a direct flow) or
 * one conjunction clause. Several owners may contribute to one key; {@link FlowMerger} decides.
 * What a translation returns ({@link ServiceTranslator}).
 */
public final class Contribution {
    final DsnFlow.Key key;
    final Owner owner;
    final List<DsnAction> actions;
    final DsnAction.Conjunction clause;
    final long cookie;
    private final int hash;

    private Contribution(DsnFlow.Key key, Owner owner, List<DsnAction> actions, DsnAction.Conjunction clause, long cookie) {
        this.key = key;
        this.owner = owner;
        this.actions = actions;
        this.clause = clause;
        this.cookie = cookie;
        this.hash = (key.hashCode() * 31 + owner.hashCode()) * 31 + (clause == null ? 0 : (int) clause.id() * 7 + clause.clause())
                + Long.hashCode(cookie);
    }

    /** A flow of its own at {@code key}: {@code owner}'s actions, with {@code cookie}. */
    public static Contribution direct(DsnFlow.Key key, Owner owner, List<DsnAction> actions, long cookie) {
        return new Contribution(key, owner, List.copyOf(actions), null, cookie);
    }

    /**
     * A flow of its own at {@code key} that sends its packets to the controller with the cookie of
     * {@code punt} (an owner of a punt kind), as userdata where {@code controllerUserdata}.
     */
    public static Contribution punt(DsnFlow.Key key, Owner punt, boolean controllerUserdata) {
        long cookie = Cookies.of(punt);
        return direct(key, punt, List.of(Verdicts.punt(cookie, controllerUserdata)), cookie);
    }

    /** One clause of {@code owner}'s conjunction at {@code key} (merged with the other owners' clauses there). */
    public static Contribution clause(DsnFlow.Key key, Owner owner, DsnAction.Conjunction clause, long cookie) {
        return new Contribution(key, owner, null, Objects.requireNonNull(clause), cookie);
    }

    /** This contribution at {@code k}, a key equal to its own (the DSN's one instance of it: see DsnCompiler). */
    Contribution at(DsnFlow.Key k) {
        return k == key ? this : new Contribution(k, owner, actions, clause, cookie);
    }

    /** Returns the flow key it contributes to. */
    public DsnFlow.Key key() {
        return key;
    }

    /** Returns the owner. */
    public Owner owner() {
        return owner;
    }

    /** Returns whether it is a conjunction clause (else a flow of its own). */
    public boolean isClause() {
        return clause != null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Contribution)) {
            return false;
        }
        Contribution c = (Contribution) o;
        return c.hash == hash && c.key.equals(key) && c.owner.equals(owner) && Objects.equals(c.actions, actions)
                && Objects.equals(c.clause, clause) && c.cookie == cookie;
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
