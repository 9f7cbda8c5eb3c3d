package io.cellchat.services.messaging.protocol;

import com.linecorp.armeria.common.websocket.WebSocketFrame;
import io.cellchat.contracts.ProtoJson;
import io.cellchat.contracts.codec.MalformedMessageException;
import io.cellchat.contracts.codec.StrictJson;
import io.cellchat.contracts.codec.StrictProto;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.ServerFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The encodings of client protocol v1, negotiated as WebSocket subprotocols. The client lists what it speaks in
 * {@code Sec-WebSocket-Protocol}; the server takes the first it knows, comparing names exactly (case-sensitively,
 * as tokens of RFC 6455 are). A client that offers none gets JSON.
 */
public enum Subprotocol {

    /** Text frames of canonical proto3 JSON; for browsers. */
    JSON("cellchat.v1.json", false),
    /** Binary frames of protobuf; for native clients. */
    PROTO("cellchat.v1.proto", true);

    private final String wireName;
    private final boolean binary;

    Subprotocol(String wireName, boolean binary) {
        this.wireName = wireName;
        this.binary = binary;
    }

    public String wireName() {
        return wireName;
    }

    public boolean binary() {
        return binary;
    }

    public static List<String> wireNames() {
        return List.of(JSON.wireName, PROTO.wireName);
    }

    /**
     * The subprotocol for a {@code Sec-WebSocket-Protocol} header: the first offered one we speak, JSON if the client
     * offered none, empty if it offered only others.
     */
    public static Optional<Subprotocol> negotiate(@Nullable String offered) {
        if (offered == null || offered.isBlank()) {
            return Optional.of(JSON);
        }
        for (String candidate : offered.split(",")) {
            String name = candidate.strip();
            for (Subprotocol protocol : values()) {
                if (protocol.wireName.equals(name)) {
                    return Optional.of(protocol);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Decodes a frame's payload strictly (see {@link StrictJson} and {@link StrictProto}); throws if it is not
     * exactly a ClientFrame in this encoding.
     */
    public ClientFrame decode(byte[] payload) throws MalformedMessageException {
        if (binary) {
            return StrictProto.parse(payload, ClientFrame.parser(), ClientFrame.getDescriptor());
        }
        return StrictJson.parse(payload, ClientFrame.newBuilder()).build();
    }

    public byte[] encode(ServerFrame frame) {
        return binary ? frame.toByteArray() : ProtoJson.print(frame).getBytes(StandardCharsets.UTF_8);
    }

    /** A WebSocket frame of an encoded payload: binary for {@link #PROTO}, text for {@link #JSON}. */
    public WebSocketFrame frame(byte[] encoded) {
        return binary ? WebSocketFrame.ofBinary(encoded) : WebSocketFrame.ofText(encoded);
    }
}
