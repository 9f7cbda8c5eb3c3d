package io.cellchat.contracts;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

/**
 * Writes the JSON encoding of the protocol: canonical proto3 JSON (lowerCamelCase names, int64 as strings, enums by
 * name, default values omitted). Reading is {@link io.cellchat.contracts.codec.StrictJson}'s job: it accepts exactly
 * this output and refuses what the protocol does not document.
 */
public final class ProtoJson {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private ProtoJson() {}

    public static String print(Message message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
        }
    }
}
