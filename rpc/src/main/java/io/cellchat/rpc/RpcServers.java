package io.cellchat.rpc;

import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.BindableService;

/**
 * Builds the Armeria service that serves a role's gRPC APIs. Calls run on the server's blocking executor: the ports
 * behind them block (database reads, Argon2id hashes), and must not hold an event loop.
 */
public final class RpcServers {

    /** Largest request or response: a conversation list of 500 entries fits many times over. */
    static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

    private RpcServers() {}

    public static GrpcService service(BindableService... services) {
        var builder = GrpcService.builder()
                .useBlockingTaskExecutor(true)
                .maxRequestMessageLength(MAX_MESSAGE_BYTES)
                .maxResponseMessageLength(MAX_MESSAGE_BYTES);
        for (BindableService service : services) {
            builder.addService(service);
        }
        return builder.build();
    }
}
