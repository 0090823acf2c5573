package org.dsp.node.openflow;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;

/** An OpenFlow 1.3 message the node writes by hand (bundle control, bundle add, raw deletes). */
final class RawMessage implements OFMessage {
    private final long xid;
    private final OFType type;
    private final byte[] bytes;

    RawMessage(long xid, OFType type, byte[] bytes) {
        this.xid = xid;
        this.type = type;
        this.bytes = bytes;
    }

    @Override
    public OFVersion getVersion() {
        return OFVersion.OF_13;
    }

    @Override
    public OFType getType() {
        return type;
    }

    @Override
    public long getXid() {
        return xid;
    }

    @Override
    public boolean equalsIgnoreXid(Object o) {
        return o instanceof RawMessage && Arrays.equals(Arrays.copyOfRange(bytes, 8, bytes.length),
                Arrays.copyOfRange(((RawMessage) o).bytes, 8, ((RawMessage) o).bytes.length));
    }

    @Override
    public int hashCodeIgnoreXid() {
        return Arrays.hashCode(Arrays.copyOfRange(bytes, 8, bytes.length));
    }

    @Override
    public void writeTo(ByteBuf bb) {
        bb.writeBytes(bytes);
    }

    @Override
    public OFMessage.Builder createBuilder() {
        throw new UnsupportedOperationException("raw message");
    }

    @Override
    public void putTo(com.google.common.hash.PrimitiveSink sink) {
        sink.putBytes(bytes);
    }
}
