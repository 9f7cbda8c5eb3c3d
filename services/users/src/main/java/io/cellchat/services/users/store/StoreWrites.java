package io.cellchat.services.users.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * How the users service's request handlers wait for a store write: the ports complete writes asynchronously (when
 * durable), the handlers run on the blocking executor and answer only after, and a refusal the store raised (a
 * {@link io.cellchat.domain.error.ChatException} such as {@code USERNAME_TAKEN}) must reach the one error mapping as
 * itself, not wrapped in a {@link CompletionException}.
 */
public final class StoreWrites {

    private StoreWrites() {}

    /** Waits for a store write; rethrows a refusal as is. */
    public static <T extends @Nullable Object> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
