package org.dsp.driver.ovs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.onosproject.net.flow.instructions.ExtensionTreatment;
import org.onosproject.net.flow.instructions.ExtensionTreatmentType;

/**
 * An ONOS extension treatment for the OVS actions ONOS has no instruction for: register loads,
 * conntrack, conjunction, controller with userdata and sampling. It wraps the DSP action value.
 */
public final class DspActionExtension extends ImmutableExtension implements ExtensionTreatment {
    /** The extension treatment type of DSP's actions. */
    public static final ExtensionTreatmentType TYPE = new ExtensionTreatmentType(0x4453);

    private DsnAction action;

    /** For deserialization only. */
    public DspActionExtension() {
    }

    /** Wraps a load, ct, conjunction, controller or sample action. */
    public DspActionExtension(DsnAction action) {
        if (action instanceof DsnAction.Output || action instanceof DsnAction.Normal || action instanceof DsnAction.Goto) {
            throw new IllegalArgumentException(action + " is a standard ONOS instruction");
        }
        this.action = action;
    }

    /** Returns the wrapped action. */
    public DsnAction action() {
        return action;
    }

    @Override
    public ExtensionTreatmentType type() {
        return TYPE;
    }

    private static RegField field(String name) {
        for (RegField f : Registers.ALL) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown register field " + name);
    }

    @Override
    public byte[] serialize() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(b)) {
            write(out, action);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    private static void write(DataOutputStream out, DsnAction a) throws IOException {
        if (a instanceof DsnAction.Load) {
            DsnAction.Load l = (DsnAction.Load) a;
            out.writeByte('L');
            out.writeUTF(l.field().name());
            out.writeLong(l.value());
        } else if (a instanceof DsnAction.Ct) {
            DsnAction.Ct c = (DsnAction.Ct) a;
            out.writeByte('C');
            out.writeBoolean(c.commit());
            out.writeInt(c.table() == null ? -1 : c.table().number());
            out.writeUTF(c.zone() == null ? "=" + c.zoneValue() : c.zone().name());
            out.writeInt(c.exec().size());
            for (DsnAction x : c.exec()) {
                write(out, x);
            }
            out.writeBoolean(c.nat() != null);
            if (c.nat() != null) {
                out.writeBoolean(c.nat().source());
                out.writeUTF(c.nat().plain() ? "" : c.nat().address().toString());
                out.writeInt(c.nat().port());
            }
        } else if (a instanceof DsnAction.MoveField) {
            out.writeByte('F');
            out.writeUTF(((DsnAction.MoveField) a).from().name());
            out.writeUTF(((DsnAction.MoveField) a).to().name());
        } else if (a instanceof DsnAction.Multipath) {
            DsnAction.Multipath m = (DsnAction.Multipath) a;
            out.writeByte('H');
            out.writeBoolean(m.bySource());
            out.writeInt(m.links());
            out.writeUTF(m.dst().name());
        } else if (a instanceof DsnAction.Conjunction) {
            DsnAction.Conjunction c = (DsnAction.Conjunction) a;
            out.writeByte('J');
            out.writeLong(c.id());
            out.writeInt(c.clause());
            out.writeInt(c.clauses());
        } else if (a instanceof DsnAction.Controller) {
            out.writeByte('P');
            out.writeLong(((DsnAction.Controller) a).userdata());
        } else if (a instanceof LearnAction) {
            LearnAction l = (LearnAction) a;
            out.writeByte('N');
            out.writeInt(l.table().number());
            out.writeInt(l.idleTimeout());
            out.writeInt(l.priority());
            out.writeLong(l.cookie());
            out.writeInt(l.specs().size());
            for (LearnAction.Spec s : l.specs()) {
                out.writeByte(s.kind().ordinal());
                out.writeUTF(s.field() == null ? "" : s.field().name());
                out.writeUTF(s.reg() == null ? "" : s.reg().name());
                out.writeLong(s.value());
                out.writeUTF(s.address() == null ? "" : s.address().toString());
            }
        } else if (a instanceof DsnAction.Resubmit) {
            out.writeByte('R');
            out.writeInt(((DsnAction.Resubmit) a).table().number());
        } else if (a instanceof DsnAction.Move) {
            out.writeByte('M');
            out.writeUTF(((DsnAction.Move) a).from().name());
            out.writeUTF(((DsnAction.Move) a).to().name());
        } else if (a instanceof DsnAction.CheckPktLarger) {
            out.writeByte('K');
            out.writeInt(((DsnAction.CheckPktLarger) a).length());
            out.writeUTF(((DsnAction.CheckPktLarger) a).dst().name());
        } else if (a instanceof DsnAction.SetField) {
            out.writeByte('T');
            out.writeUTF(((DsnAction.SetField) a).field().name());
            out.writeLong(((DsnAction.SetField) a).value());
        } else if (a instanceof DsnAction.Sample) {
            out.writeByte('S');
            out.writeLong(((DsnAction.Sample) a).domain());
            out.writeLong(((DsnAction.Sample) a).point());
        } else {
            throw new IllegalStateException("cannot serialize " + a);
        }
    }

    private static DsnAction read(DataInputStream in) throws IOException {
        int kind = in.readByte();
        switch (kind) {
            case 'L':
                return DsnAction.load(field(in.readUTF()), in.readLong());
            case 'C':
                boolean commit = in.readBoolean();
                int table = in.readInt();
                String zoneName = in.readUTF();
                RegField zone = zoneName.startsWith("=") ? null : field(zoneName);
                int zoneValue = zoneName.startsWith("=") ? Integer.parseInt(zoneName.substring(1)) : 0;
                int n = in.readInt();
                List<DsnAction> exec = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    exec.add(read(in));
                }
                DsnAction.Nat nat = null;
                if (in.readBoolean()) {
                    boolean source = in.readBoolean();
                    String address = in.readUTF();
                    nat = new DsnAction.Nat(source, address.isEmpty() ? null : org.onlab.packet.IpAddress.valueOf(address),
                            in.readInt());
                }
                return new DsnAction.Ct(commit, table < 0 ? null : Table.byNumber(table), zone, zoneValue, exec, nat);
            case 'F':
                return DsnAction.moveField(Field.valueOf(in.readUTF()), Field.valueOf(in.readUTF()));
            case 'H':
                return DsnAction.multipath(in.readBoolean(), in.readInt(), field(in.readUTF()));
            case 'J':
                return DsnAction.conjunction(in.readLong(), in.readInt(), in.readInt());
            case 'P':
                return DsnAction.controller(in.readLong());
            case 'S':
                return DsnAction.sample(in.readLong(), in.readLong());
            case 'R':
                return DsnAction.resubmit(Table.byNumber(in.readInt()));
            case 'N':
                return readLearn(in);
            case 'M':
                return DsnAction.move(field(in.readUTF()), field(in.readUTF()));
            case 'K':
                return DsnAction.checkPktLarger(in.readInt(), field(in.readUTF()));
            case 'T':
                return DsnAction.setField(Field.valueOf(in.readUTF()), in.readLong());
            default:
                throw new IllegalArgumentException("unknown DSP action kind " + kind);
        }
    }

    private static LearnAction readLearn(DataInputStream in) throws IOException {
        Table table = Table.byNumber(in.readInt());
        int idle = in.readInt();
        int priority = in.readInt();
        long cookie = in.readLong();
        int n = in.readInt();
        List<LearnAction.Spec> specs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LearnAction.Spec.Kind kind = LearnAction.Spec.Kind.values()[in.readByte()];
            String f = in.readUTF();
            String r = in.readUTF();
            long value = in.readLong();
            String address = in.readUTF();
            if (!address.isEmpty()) {
                specs.add(LearnAction.Spec.address(LearnAction.Field.valueOf(f), org.onlab.packet.IpAddress.valueOf(address)));
            } else if (kind == LearnAction.Spec.Kind.LOAD_VALUE) {
                specs.add(LearnAction.Spec.load(field(r), value));
            } else if (kind == LearnAction.Spec.Kind.MATCH_VALUE) {
                specs.add(LearnAction.Spec.value(LearnAction.Field.valueOf(f), value));
            } else {
                specs.add(f.isEmpty() ? LearnAction.Spec.copy(field(r)) : LearnAction.Spec.copy(LearnAction.Field.valueOf(f)));
            }
        }
        return DsnAction.learn(table, idle, priority, cookie, specs);
    }

    @Override
    public void deserialize(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            action = read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DspActionExtension && ((DspActionExtension) o).action.equals(action);
    }

    @Override
    public int hashCode() {
        return action.hashCode();
    }

    @Override
    public String toString() {
        return action.render();
    }
}
