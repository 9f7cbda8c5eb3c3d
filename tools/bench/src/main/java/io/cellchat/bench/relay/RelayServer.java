package io.cellchat.bench.relay;

import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.websocket.WebSocket;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrameType;
import com.linecorp.armeria.common.websocket.WebSocketWriter;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.websocket.WebSocketService;
import com.linecorp.armeria.server.websocket.WebSocketServiceHandler;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * The baseline of the load benchmarks: the smallest Armeria WebSocket relay, no authentication, no persistence, no
 * protocol. A client says who it is with {@code ?user=N}; each binary frame starts with the target user as 8 bytes
 * and is forwarded as is. What Cellchat does on top of this (auth, validation, sequencing, durable storage, receipts)
 * is what the ratio "Cellchat / relay" prices.
 */
public final class RelayServer implements WebSocketServiceHandler {

    private final Map<Long, WebSocketWriter> users = new ConcurrentHashMap<>();

    public static void main(String[] args) {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "18090");
        Server server = Server.builder()
                .port(new InetSocketAddress("127.0.0.1", port), SessionProtocol.HTTP)
                .service("/ws", WebSocketService.builder(new RelayServer()).allowedOrigins("*").build())
                .build();
        server.start().join();
        System.out.println("relay listening on 127.0.0.1:" + server.activeLocalPort());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop().join()));
        server.whenClosed().join();
    }

    @Override
    public WebSocket handle(ServiceRequestContext ctx, WebSocket in) {
        WebSocketWriter out = WebSocket.streaming();
        long user = Long.parseLong(ctx.queryParam("user"));
        users.put(user, out);
        in.subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(WebSocketFrame frame) {
                if (frame.type() != WebSocketFrameType.BINARY || frame.length() < 8) {
                    frame.close();
                    return;
                }
                WebSocketWriter target = users.get(frame.byteBuf().getLong(frame.byteBuf().readerIndex()));
                if (target == null || !target.tryWrite(frame)) {
                    frame.close();
                }
            }

            @Override
            public void onError(Throwable error) {
                users.remove(user, out);
                out.close();
            }

            @Override
            public void onComplete() {
                users.remove(user, out);
                out.close();
            }
        }, ctx.eventLoop());
        return out;
    }
}
