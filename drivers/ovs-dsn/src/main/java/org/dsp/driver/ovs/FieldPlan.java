package org.dsp.driver.ovs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsp.ir.LogicalField;
import org.dsp.spi.ServiceApp;

/**
 * Where the OVS driver keeps the services' own fields: a per-packet field in free register bits
 * (reg5-reg7; reg0-reg4 are the core's, {@link Registers}), a per-connection field in free
 * conntrack mark bits (2-31; bits 0-1 are the core's), a per-connection label field
 * ({@link LogicalField#label}) in the conntrack label's upper 64 bits (64-127; the lower 64 hold
 * the deciding rules' keys). A field never spans two registers or two 32-bit words of the label.
 * Allocation is first-fit, services by name and fields in declared order, and a plan only ever
 * grows: a service that leaves keeps its bits, so the others' never move (their flows stay as
 * installed), and one that comes back gets the same bits. A service whose fields do not fit in
 * what is left is refused, naming the field and what holds the space.
 */
public final class FieldPlan {
    private static final List<RegField.Container> REGISTERS = List.of(RegField.Container.REG5, RegField.Container.REG6,
            RegField.Container.REG7);
    /** The label's words left to services (its bits 64-127). */
    private static final List<RegField.Container> LABEL_WORDS = List.of(RegField.Container.CT_LABEL_2, RegField.Container.CT_LABEL_3);
    /** The conntrack mark bits the core keeps (persist, dead). */
    private static final int CORE_MARK_BITS = 2;

    private final Map<String, RegField> fields;

    private FieldPlan(Map<String, RegField> fields) {
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The plan with no service field. */
    public static FieldPlan empty() {
        return new FieldPlan(Map.of());
    }

    /**
     * Returns this plan with the fields of {@code apps} that it does not place yet placed too.
     *
     * @throws IllegalArgumentException when a field does not fit, naming it and the space left
     */
    public FieldPlan with(Collection<ServiceApp> apps) {
        List<ServiceApp> sorted = new ArrayList<>(apps);
        sorted.sort(Comparator.comparing(ServiceApp::name));
        Map<String, RegField> next = new LinkedHashMap<>(fields);
        for (ServiceApp a : sorted) {
            for (LogicalField f : a.fields()) {
                if (!next.containsKey(f.name())) {
                    next.put(f.name(), place(f, next.values()));
                }
            }
        }
        return new FieldPlan(next);
    }

    private static RegField place(LogicalField f, Collection<RegField> taken) {
        List<RegField.Container> candidates = f.label() ? LABEL_WORDS : f.conntrack() ? List.of(RegField.Container.CT_MARK) : REGISTERS;
        for (RegField.Container c : candidates) {
            long used = c == RegField.Container.CT_MARK ? (1L << CORE_MARK_BITS) - 1 : 0;
            for (RegField t : taken) {
                if (t.container() == c) {
                    used |= t.mask();
                }
            }
            for (int low = 0; low + f.bits() <= 32; low++) {
                long want = ((1L << f.bits()) - 1) << low;
                if ((used & want) == 0) {
                    return new RegField(f.name(), c, low, low + f.bits() - 1);
                }
            }
        }
        StringBuilder holders = new StringBuilder();
        for (RegField t : taken) {
            if (candidates.contains(t.container())) {
                holders.append(holders.length() == 0 ? "" : ", ").append(t.name()).append(" in ").append(t.container())
                        .append('[').append(t.low()).append("..").append(t.high()).append(']');
            }
        }
        throw new IllegalArgumentException("field " + f.name() + " (" + f.bits() + " bits) of service " + f.service()
                + " does not fit in the " + (f.label() ? "conntrack label bits 64-127" : f.conntrack() ? "conntrack mark bits 2-31"
                : "registers reg5-reg7")
                + " an OVS DSN leaves to services" + (holders.length() == 0 ? "" : "; they hold " + holders));
    }

    /** Returns where {@code f} lives; refuses a field no service of the plan declared. */
    public RegField of(LogicalField f) {
        RegField r = fields.get(f.name());
        if (r == null || r.high() - r.low() + 1 != f.bits()) {
            throw new IllegalArgumentException("field " + f.name() + " is not one a service declared (ServiceApp.fields)");
        }
        return r;
    }

    /** Returns every placed field, by name, in placement order. */
    public Map<String, RegField> fields() {
        return fields;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FieldPlan && ((FieldPlan) o).fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }
}
