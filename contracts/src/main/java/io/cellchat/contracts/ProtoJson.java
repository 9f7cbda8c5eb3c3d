package io.cellchat.contracts;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

/**
 * The JSON encoding of the protocol: canonical proto3 JSON (lowerCamelCase names, int64 as strings, enums by name,
 * default values omitted). Parsing also accepts the original snake_case names; unknown fields are ignored, so an
 * older server reads a newer client's frame and answers what it does not know with a precise error.
 */
public final class ProtoJson {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();

    private ProtoJson() {}

    public static String print(Message message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
        }
    }

    /** Merges {@code json} into {@code builder}; throws if it is not valid JSON for that message. */
    public static <B extends Message.Builder> B parse(String json, B builder) throws InvalidProtocolBufferException {
        PARSER.merge(json, builder);
        return builder;
    }
}
