package org.dsp.app.api;

/**
 * What a tenant's program weighs on one DSN, as compiled: the tenant's flows there, all flows the
 * DSN holds, and the largest OpenFlow message (FLOW_MOD) the last change sends there. The flow
 * budget refuses a document before anything is stored when these exceed the configured limits.
 */
public final class DsnLoad {
    private final int tenantFlows;
    private final int dsnFlows;
    private final int largestMessage;

    /** Creates a load; {@code largestMessage} is 0 when the change sends no FLOW_MOD with actions. */
    public DsnLoad(int tenantFlows, int dsnFlows, int largestMessage) {
        this.tenantFlows = tenantFlows;
        this.dsnFlows = dsnFlows;
        this.largestMessage = largestMessage;
    }

    /** Returns the tenant's flows on the DSN. */
    public int tenantFlows() {
        return tenantFlows;
    }

    /** Returns every flow the DSN holds (all tenants and the pipeline). */
    public int dsnFlows() {
        return dsnFlows;
    }

    /** Returns the size in bytes of the largest FLOW_MOD of the change (the limit is 65,511 in a bundle). */
    public int largestMessage() {
        return largestMessage;
    }
}
