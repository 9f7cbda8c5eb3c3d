package io.cellchat.rpc;

import com.linecorp.armeria.client.grpc.GrpcClients;
import io.grpc.stub.AbstractStub;
import java.time.Duration;

/**
 * Builds gRPC stubs to another role. Every call carries its deadline (set per call by the client adapters, see
 * {@link #withDeadline}); the Armeria response timeout backs it up with a little slack, so no call outlives its
 * deadline even if the deadline were forgotten.
 */
public final class RpcClients {

    private static final Duration SLACK = Duration.ofMillis(500);

    private RpcClients() {}

    public static <T extends AbstractStub<T>> T stub(RpcSettings settings, Class<T> type) {
        return GrpcClients.builder(settings.address())
                .responseTimeout(settings.deadline().plus(SLACK))
                .maxResponseLength(RpcServers.MAX_MESSAGE_BYTES)
                .maxRequestMessageLength(RpcServers.MAX_MESSAGE_BYTES)
                .maxResponseMessageLength(RpcServers.MAX_MESSAGE_BYTES)
                .build(type);
    }

    /** The stub with a deadline of {@code settings.deadline()} from now, for one call. */
    public static <T extends AbstractStub<T>> T withDeadline(T stub, RpcSettings settings) {
        return stub.withDeadlineAfter(settings.deadline().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
