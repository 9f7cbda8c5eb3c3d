package io.cellchat.platform.server;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.HttpDecoder;
import com.linecorp.armeria.common.stream.StreamDecoderInput;
import com.linecorp.armeria.common.stream.StreamDecoderOutput;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.websocket.WebSocket;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceOptions;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.websocket.WebSocketProtocolHandler;
import com.linecorp.armeria.server.websocket.WebSocketService;
import com.linecorp.armeria.server.websocket.WebSocketUpgradeResult;
import com.linecorp.armeria.common.FilteredHttpRequest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Repairs how Armeria (1.35 to 1.37 at least) reads the WebSocket frame header of a client frame whose 16-bit
 * extended payload length arrives split between two reads from the socket.
 *
 * <p>The cause, found while chasing healthy connections closed with 1002 "invalid data frame length (not using
 * minimal length encoding)": Armeria's frame decoder reads that length with {@code StreamDecoderInput
 * .readUnsignedShort()}. Its input is a queue of the buffers read so far; when the first buffer holds both bytes
 * it reads them correctly, but when only one byte is left in it, the interface's default method runs, {@code
 * (readByte() & 0xFF) << 8 | readByte()}, which sign-extends the second byte. A length such as 200 ({@code 00 c8})
 * then reads as a negative number, the decoder calls it "not minimal" and closes the connection with 1002. It needs
 * a frame of 126 to 65,535 bytes whose length's low byte is 128 or more and a TCP segment boundary right after the
 * length's first byte, which is why bursts of mid-sized frames from many clients (and, through the shifting
 * boundaries, the server's own pings and the clients' pongs) made it show up within seconds. The 64-bit length has
 * the same flaw in {@code readLong()}'s slow path.
 *
 * <p>The repair leaves Armeria's decoder in charge and only hands it an input whose multi-byte reads are correct:
 * {@link #withCorrectFrameLengths} wraps a {@link WebSocketService} so that its protocol handler decodes the
 * request through {@link LengthSafeDecoder}. Remove this class when Armeria fixes {@code StreamDecoderInput}; the
 * test {@code WebSocketTransportTest} sends the split header and fails without it.
 */
public final class WebSocketTransport {

    private WebSocketTransport() {}

    /** The same service, decoding client frames with correct extended payload lengths. */
    public static WebSocketService withCorrectFrameLengths(WebSocketService service) {
        return new LengthSafeService(requireNonNull(service, "service"));
    }

    private static final class LengthSafeService implements WebSocketService {

        private final WebSocketService delegate;
        private final WebSocketProtocolHandler protocol;

        LengthSafeService(WebSocketService delegate) {
            this.delegate = delegate;
            this.protocol = new LengthSafeProtocolHandler(delegate.protocolHandler());
        }

        @Override
        public WebSocket serve(ServiceRequestContext ctx, WebSocket in) throws Exception {
            return delegate.serve(ctx, in);
        }

        @Override
        public WebSocketProtocolHandler protocolHandler() {
            return protocol;
        }

        @Override
        public ServiceOptions options() {
            return delegate.options();
        }

        @Override
        public void serviceAdded(ServiceConfig cfg) throws Exception {
            delegate.serviceAdded(cfg);
        }
    }

    private static final class LengthSafeProtocolHandler implements WebSocketProtocolHandler {

        private final WebSocketProtocolHandler delegate;

        LengthSafeProtocolHandler(WebSocketProtocolHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public WebSocketUpgradeResult upgrade(ServiceRequestContext ctx, HttpRequest req) throws Exception {
            return delegate.upgrade(ctx, req);
        }

        /**
         * Armeria's handler decodes with {@code req.decode(itsDecoder, alloc)}; it receives a request whose
         * {@code decode} wraps that decoder and decodes the original request with it. Nothing subscribes to the
         * wrapper itself.
         */
        @Override
        public WebSocket decode(ServiceRequestContext ctx, HttpRequest req) {
            return delegate.decode(ctx, new FilteredHttpRequest(req, true) {
                @Override
                protected HttpObject filter(HttpObject obj) {
                    return obj;
                }

                @Override
                public <T> StreamMessage<T> decode(HttpDecoder<T> decoder, ByteBufAllocator alloc) {
                    @SuppressWarnings("unchecked") // Armeria's WebSocket handler decodes WebSocketFrames only.
                    HttpDecoder<T> safe = (HttpDecoder<T>) new LengthSafeDecoder((HttpDecoder<WebSocketFrame>) decoder);
                    return req.decode(safe, alloc);
                }
            });
        }

        @Override
        public HttpResponse encode(ServiceRequestContext ctx, WebSocket out) {
            return delegate.encode(ctx, out);
        }
    }

    /** Armeria's frame decoder, fed through {@link LengthSafeInput}. */
    static final class LengthSafeDecoder implements HttpDecoder<WebSocketFrame> {

        private final HttpDecoder<WebSocketFrame> delegate;

        LengthSafeDecoder(HttpDecoder<WebSocketFrame> delegate) {
            this.delegate = delegate;
        }

        @Override
        public ByteBuf toByteBuf(HttpData in) {
            return delegate.toByteBuf(in);
        }

        @Override
        public void processInformationalHeaders(ResponseHeaders in, StreamDecoderOutput<WebSocketFrame> out)
                throws Exception {
            delegate.processInformationalHeaders(in, out);
        }

        @Override
        public void processHeaders(HttpHeaders in, StreamDecoderOutput<WebSocketFrame> out) throws Exception {
            delegate.processHeaders(in, out);
        }

        @Override
        public void processTrailers(HttpHeaders in, StreamDecoderOutput<WebSocketFrame> out) throws Exception {
            delegate.processTrailers(in, out);
        }

        @Override
        public void process(StreamDecoderInput in, StreamDecoderOutput<WebSocketFrame> out) throws Exception {
            delegate.process(new LengthSafeInput(in), out);
        }

        @Override
        public void processOnComplete(StreamDecoderInput in, StreamDecoderOutput<WebSocketFrame> out)
                throws Exception {
            delegate.processOnComplete(new LengthSafeInput(in), out);
        }

        @Override
        public void processOnError(Throwable cause) {
            delegate.processOnError(cause);
        }
    }

    /** The decoder's input with unsigned multi-byte reads that are right whichever buffers the bytes sit in. */
    static final class LengthSafeInput implements StreamDecoderInput {

        private final StreamDecoderInput in;

        LengthSafeInput(StreamDecoderInput in) {
            this.in = in;
        }

        @Override
        public int readUnsignedShort() {
            int high = in.readByte() & 0xFF;
            return high << 8 | in.readByte() & 0xFF;
        }

        @Override
        public long readLong() {
            long high = in.readInt() & 0xFFFF_FFFFL;
            return high << 32 | in.readInt() & 0xFFFF_FFFFL;
        }

        @Override
        public int readableBytes() {
            return in.readableBytes();
        }

        @Override
        public byte readByte() {
            return in.readByte();
        }

        @Override
        public int readInt() {
            return in.readInt();
        }

        @Override
        public ByteBuf readBytes(int length) {
            return in.readBytes(length);
        }

        @Override
        public void readBytes(byte[] dst) {
            in.readBytes(dst);
        }

        @Override
        public byte getByte(int index) {
            return in.getByte(index);
        }

        @Override
        public void skipBytes(int length) {
            in.skipBytes(length);
        }

        @Override
        public void close() {
            in.close();
        }
    }
}
