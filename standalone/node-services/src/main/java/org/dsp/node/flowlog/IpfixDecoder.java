package org.dsp.node.flowlog;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads IPFIX messages (RFC 7011) of one exporter: keeps the templates it announced (template sets)
 * and decodes its data records with them into {@link IpfixRecord}s, reading the information
 * elements DSP needs and skipping the others. Open vSwitch announces its templates under whichever
 * observation domain it exports first (every ten minutes, and when its exporter starts), so
 * templates are kept per exporter, not per domain. A data set whose template is not known yet is
 * counted and skipped. Times are the node's: a record's start and end are the time the message
 * arrived minus the flow's start and end deltas (IPFIX gives them relative to the export), so the
 * exporter's clock does not matter. Hostile input is bounded: a template has at most {@value
 * #MAX_FIELDS} fields, none of fixed length 0 (every record consumes a byte at least), an exporter at
 * most {@value #MAX_TEMPLATES} templates and {@value #MAX_EXPORTER_FIELDS} fields in all; anything
 * malformed is an {@link IllegalArgumentException}. Not thread-safe: one decoder per exporter, used
 * by one thread.
 */
final class IpfixDecoder {
    static final int VERSION = 10;
    static final int TEMPLATE_SET = 2;
    static final int OPTIONS_TEMPLATE_SET = 3;
    /** Templates one exporter may announce (Open vSwitch 3.1 announces 88). */
    static final int MAX_TEMPLATES = 256;
    /** Fields of one template (Open vSwitch 3.1's largest has 56). */
    static final int MAX_FIELDS = 128;
    /** Fields of all of one exporter's templates (Open vSwitch 3.1: about 4,000). */
    static final int MAX_EXPORTER_FIELDS = 16_384;
    /** VMware's private enterprise number, under which Open vSwitch sends virtualObsID. */
    static final long VMWARE = 6876;
    static final int VIRTUAL_OBS_ID = 898;

    // IANA information elements
    static final int OCTET_DELTA_COUNT = 1;
    static final int PACKET_DELTA_COUNT = 2;
    static final int PROTOCOL = 4;
    static final int SRC_PORT = 7;
    static final int SRC_IPV4 = 8;
    static final int DST_PORT = 11;
    static final int DST_IPV4 = 12;
    static final int SRC_IPV6 = 27;
    static final int DST_IPV6 = 28;
    static final int OBSERVATION_POINT = 138;
    static final int FLOW_START_DELTA_US = 158;
    static final int FLOW_END_DELTA_US = 159;
    static final int TCP_FIN_TOTAL = 219;
    static final int TCP_RST_TOTAL = 220;

    /** One field of a template: element id, length (65535: variable), enterprise number (0: IANA). */
    private static final class Field {
        final int id;
        final int length;
        final long enterprise;

        Field(int id, int length, long enterprise) {
            this.id = id;
            this.length = length;
            this.enterprise = enterprise;
        }
    }

    private final Map<Integer, List<Field>> templates = new HashMap<>();
    /** Options templates (Open vSwitch's exporter statistics): their data sets are skipped, not counted as unknown. */
    private final java.util.Set<Integer> optionsTemplates = new java.util.HashSet<>();
    private final java.util.concurrent.atomic.AtomicLong unknownTemplate;
    private int fields;

    /** A decoder that counts data sets of unknown templates into {@code unknownTemplate} (shared by the collector's decoders). */
    IpfixDecoder(java.util.concurrent.atomic.AtomicLong unknownTemplate) {
        this.unknownTemplate = unknownTemplate;
    }

    /** A decoder counting for itself (tests). */
    IpfixDecoder() {
        this(new java.util.concurrent.atomic.AtomicLong());
    }

    /** Returns how many data sets were skipped because their template was not known. */
    long unknownTemplateSets() {
        return unknownTemplate.get();
    }

    /** Returns how many templates are known. */
    int templates() {
        return templates.size();
    }

    /** Decodes one message that arrived now (tests). */
    List<IpfixRecord> decode(ByteBuffer in) {
        return decode(in, -1);
    }

    /**
     * Decodes one message that arrived at {@code arrivedMillis} (-1: use the message's export
     * time): learns its templates, returns its data records.
     *
     * @throws IllegalArgumentException when the message is not well-formed IPFIX
     */
    List<IpfixRecord> decode(ByteBuffer in, long arrivedMillis) {
        List<IpfixRecord> out = new ArrayList<>();
        try {
            int start = in.position();
            if (in.remaining() < 16 || (in.getShort() & 0xffff) != VERSION) {
                throw new IllegalArgumentException("not an IPFIX message (version 10)");
            }
            int length = in.getShort() & 0xffff;
            if (length < 16 || length > in.remaining() + 4) {
                throw new IllegalArgumentException("message length " + length + " is not what arrived");
            }
            long exported = (in.getInt() & 0xffffffffL) * 1000;
            long exportMillis = arrivedMillis >= 0 ? arrivedMillis : exported;
            in.getInt(); // sequence number
            long domain = in.getInt() & 0xffffffffL;
            int end = start + length;
            while (in.position() + 4 <= end) {
                int setId = in.getShort() & 0xffff;
                int setLength = in.getShort() & 0xffff;
                int setEnd = in.position() - 4 + setLength;
                if (setLength < 4 || setEnd > end) {
                    throw new IllegalArgumentException("set " + setId + " of length " + setLength + " overruns the message");
                }
                if (setId == TEMPLATE_SET) {
                    readTemplates(in, setEnd);
                } else if (setId == OPTIONS_TEMPLATE_SET) {
                    readOptionsTemplates(in, setEnd);
                } else if (setId >= 256) {
                    List<Field> t = templates.get(setId);
                    if (t == null && !optionsTemplates.contains(setId)) {
                        unknownTemplate.incrementAndGet();
                    } else if (t != null) {
                        readData(in, setEnd, t, domain, exportMillis, out);
                    }
                }
                in.position(setEnd); // padding and options data are skipped
            }
            return out;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated IPFIX message", e);
        }
    }

    private void readTemplates(ByteBuffer in, int setEnd) {
        while (in.position() + 4 <= setEnd) {
            int id = in.getShort() & 0xffff;
            int count = in.getShort() & 0xffff;
            if (count == 0) {
                withdraw(id, TEMPLATE_SET);
                continue;
            }
            if (id < 256) {
                throw new IllegalArgumentException("template id " + id + " is below 256");
            }
            if (count > MAX_FIELDS) {
                throw new IllegalArgumentException("template " + id + " has " + count + " fields, more than " + MAX_FIELDS);
            }
            List<Field> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Field f = readField(in, setEnd);
                if (f.length == 0) {
                    throw new IllegalArgumentException("template " + id + ": field " + f.id + " of fixed length 0");
                }
                list.add(f);
            }
            define(id, list);
        }
    }

    /** Notes the ids of options templates (RFC 7011 3.4.2.2), whose data DSP does not read. */
    private void readOptionsTemplates(ByteBuffer in, int setEnd) {
        while (in.position() + 4 <= setEnd) {
            int id = in.getShort() & 0xffff;
            int count = in.getShort() & 0xffff;
            if (count == 0) {
                withdraw(id, OPTIONS_TEMPLATE_SET);
                continue;
            }
            if (in.position() + 2 > setEnd) {
                throw new IllegalArgumentException("options template " + id + " overruns its set");
            }
            in.getShort(); // scope field count
            if (id < 256 || count > MAX_FIELDS) {
                throw new IllegalArgumentException("options template " + id + " with " + count + " fields");
            }
            for (int i = 0; i < count; i++) {
                readField(in, setEnd);
            }
            if (templates.containsKey(id)) {
                fields -= templates.remove(id).size(); // redefined as an options template
            }
            if (optionsTemplates.size() < MAX_TEMPLATES) {
                optionsTemplates.add(id);
            }
        }
    }

    private static Field readField(ByteBuffer in, int setEnd) {
        if (in.position() + 4 > setEnd) {
            throw new IllegalArgumentException("a template field overruns its set");
        }
        int eid = in.getShort() & 0xffff;
        int len = in.getShort() & 0xffff;
        long enterprise = 0;
        if ((eid & 0x8000) != 0) {
            if (in.position() + 4 > setEnd) {
                throw new IllegalArgumentException("a template field overruns its set");
            }
            enterprise = in.getInt() & 0xffffffffL;
            eid &= 0x7fff;
        }
        return new Field(eid, len, enterprise);
    }

    /** Keeps template {@code id} (replacing an earlier one) within the exporter's bounds; beyond them it is ignored. */
    private void define(int id, List<Field> list) {
        List<Field> old = templates.remove(id);
        if (old != null) {
            fields -= old.size();
        }
        optionsTemplates.remove(id);
        if (templates.size() < MAX_TEMPLATES && fields + list.size() <= MAX_EXPORTER_FIELDS) {
            templates.put(id, list);
            fields += list.size();
        }
    }

    /** A withdrawal (RFC 7011 8.1): one template, or all of a set's kind when {@code id} is the set id. */
    private void withdraw(int id, int setId) {
        if (id == setId) {
            if (setId == TEMPLATE_SET) {
                templates.clear();
                fields = 0;
            } else {
                optionsTemplates.clear();
            }
        } else if (setId == TEMPLATE_SET) {
            List<Field> old = templates.remove(id);
            if (old != null) {
                fields -= old.size();
            }
        } else {
            optionsTemplates.remove(id);
        }
    }

    private static void readData(ByteBuffer in, int setEnd, List<Field> t, long domain, long exportMillis, List<IpfixRecord> out) {
        int minimum = 0;
        for (Field f : t) {
            minimum += f.length == 65535 ? 1 : f.length;
        }
        while (setEnd - in.position() >= Math.max(minimum, 1)) {
            IpfixRecord r = new IpfixRecord();
            r.domain = domain;
            long startDelta = 0;
            long endDelta = 0;
            for (Field f : t) {
                int len = f.length;
                if (len == 65535) {
                    len = in.get() & 0xff;
                    if (len == 255) {
                        len = in.getShort() & 0xffff;
                    }
                }
                if (in.position() + len > setEnd) {
                    throw new IllegalArgumentException("record overruns its set");
                }
                if (f.enterprise == VMWARE && f.id == VIRTUAL_OBS_ID) {
                    byte[] b = new byte[len];
                    in.get(b);
                    r.dsn = new String(b, StandardCharsets.US_ASCII);
                    continue;
                }
                if (f.enterprise != 0) {
                    skip(in, len);
                    continue;
                }
                switch (f.id) {
                    case OBSERVATION_POINT:
                        r.point = unsigned(in, len);
                        break;
                    case PROTOCOL:
                        r.protocol = (int) unsigned(in, len);
                        break;
                    case SRC_PORT:
                        r.srcPort = (int) unsigned(in, len);
                        break;
                    case DST_PORT:
                        r.dstPort = (int) unsigned(in, len);
                        break;
                    case SRC_IPV4:
                    case SRC_IPV6:
                        r.src = address(in, len);
                        break;
                    case DST_IPV4:
                    case DST_IPV6:
                        r.dst = address(in, len);
                        break;
                    case PACKET_DELTA_COUNT:
                        r.packets = unsigned(in, len);
                        break;
                    case OCTET_DELTA_COUNT:
                        r.bytes = unsigned(in, len);
                        break;
                    case FLOW_START_DELTA_US:
                        startDelta = unsigned(in, len);
                        break;
                    case FLOW_END_DELTA_US:
                        endDelta = unsigned(in, len);
                        break;
                    case TCP_FIN_TOTAL:
                    case TCP_RST_TOTAL:
                        r.finOrRst |= unsigned(in, len) > 0;
                        break;
                    default:
                        skip(in, len);
                }
            }
            r.start = exportMillis - startDelta / 1000;
            r.end = exportMillis - endDelta / 1000;
            out.add(r);
        }
    }

    private static void skip(ByteBuffer in, int len) {
        in.position(in.position() + len);
    }

    /** An unsigned big-endian number of 1 to 8 bytes (reduced-size encoding, RFC 7011 6.2). */
    private static long unsigned(ByteBuffer in, int len) {
        if (len < 1 || len > 8) {
            throw new IllegalArgumentException("a number field of " + len + " bytes");
        }
        long v = 0;
        for (int i = 0; i < len; i++) {
            v = (v << 8) | (in.get() & 0xff);
        }
        return v;
    }

    private static String address(ByteBuffer in, int len) {
        if (len != 4 && len != 16) {
            throw new IllegalArgumentException("an address field of " + len + " bytes");
        }
        byte[] b = new byte[len];
        in.get(b);
        try {
            return InetAddress.getByAddress(b).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
