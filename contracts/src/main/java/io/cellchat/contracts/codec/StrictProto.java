package io.cellchat.contracts.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the binary encoding of the protocol strictly. Protobuf parsers are lenient by design: a field whose wire type
 * does not match its declaration is kept as an unknown field (so the server read it as absent), a second member of a
 * oneof replaces the first, and a singular field given twice is merged. The protocol documents one kind per frame and
 * exact types, so before parsing, this walks the frame's tags against the message's descriptor and refuses:
 * <ul>
 *   <li>a known field with the wrong wire type (packed encoding of a repeated number is allowed);</li>
 *   <li>a singular field given more than once;</li>
 *   <li>two members of one oneof;</li>
 *   <li>a frame that is not well-formed protobuf (truncated, bad varint, groups) or nests deeper than 32.</li>
 * </ul>
 * Unknown field numbers are skipped, so an older server reads a newer client's frame. Strings must be UTF-8: the
 * generated proto3 parser refuses anything else. A violation throws {@link MalformedMessageException}.
 */
public final class StrictProto {

    private static final int MAX_DEPTH = 32;

    private StrictProto() {}

    public static <M extends Message> M parse(byte[] bytes, Parser<M> parser, Descriptor type)
            throws MalformedMessageException {
        try {
            check(CodedInputStream.newInstance(bytes), type, "", 0);
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedMessageException("not a " + type.getName() + " in protobuf: " + e.getMessage());
        } catch (IOException e) {
            throw new MalformedMessageException("not a " + type.getName() + " in protobuf: " + e.getMessage());
        }
    }

    private static void check(CodedInputStream in, Descriptor type, String path, int depth)
            throws IOException, MalformedMessageException {
        if (depth > MAX_DEPTH) {
            throw new MalformedMessageException(path + ": nested deeper than " + MAX_DEPTH);
        }
        long singularBelow64 = 0; // field numbers 1 to 63, the common case, without a set
        Set<Integer> singular = null;
        String[] kinds = null; // per oneof index: the member given
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            FieldDescriptor field = type.findFieldByNumber(WireFormat.getTagFieldNumber(tag));
            if (field == null) {
                if (!in.skipField(tag)) {
                    throw new MalformedMessageException(path + ": an unexpected end-group tag");
                }
                continue;
            }
            int wireType = WireFormat.getTagWireType(tag);
            int declared = wireType(field.getType());
            boolean packed = field.isRepeated() && field.isPackable() && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            if (wireType != declared && !packed) {
                throw new MalformedMessageException(path(path, field) + ": wire type " + wireType + " (expected: "
                        + declared + " for " + field.getType().name().toLowerCase(java.util.Locale.ROOT) + ")");
            }
            if (!field.isRepeated()) {
                int number = field.getNumber();
                boolean first;
                if (number < 64) {
                    first = (singularBelow64 & 1L << number) == 0;
                    singularBelow64 |= 1L << number;
                } else {
                    singular = singular == null ? new HashSet<>() : singular;
                    first = singular.add(number);
                }
                if (!first) {
                    throw new MalformedMessageException(path(path, field) + ": given twice (expected: once)");
                }
            }
            OneofDescriptor oneof = field.getRealContainingOneof();
            if (oneof != null) {
                kinds = kinds == null ? new String[type.getOneofs().size()] : kinds;
                String other = kinds[oneof.getIndex()];
                kinds[oneof.getIndex()] = field.getName();
                if (other != null && !other.equals(field.getName())) {
                    throw new MalformedMessageException((path.isEmpty() ? "" : path + ": ") + "both " + other
                            + " and " + field.getName() + " are set (expected: one " + oneof.getName() + ")");
                }
            }
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int limit = in.pushLimit(in.readRawVarint32());
                check(in, field.getMessageType(), path(path, field), depth + 1);
                in.popLimit(limit);
            } else {
                in.skipField(tag);
            }
        }
    }

    private static String path(String path, FieldDescriptor field) {
        return path.isEmpty() ? field.getName() : path + "." + field.getName();
    }

    private static int wireType(FieldDescriptor.Type type) {
        return switch (type) {
            case DOUBLE, FIXED64, SFIXED64 -> WireFormat.WIRETYPE_FIXED64;
            case FLOAT, FIXED32, SFIXED32 -> WireFormat.WIRETYPE_FIXED32;
            case INT32, INT64, UINT32, UINT64, SINT32, SINT64, BOOL, ENUM -> WireFormat.WIRETYPE_VARINT;
            case STRING, BYTES, MESSAGE -> WireFormat.WIRETYPE_LENGTH_DELIMITED;
            case GROUP -> WireFormat.WIRETYPE_START_GROUP;
        };
    }
}
