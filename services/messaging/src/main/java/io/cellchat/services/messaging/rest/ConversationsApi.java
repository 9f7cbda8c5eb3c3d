package io.cellchat.services.messaging.rest;

import com.google.protobuf.Message;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Default;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import io.cellchat.contracts.ProtoJson;
import io.cellchat.platform.server.BearerAuth;
import io.cellchat.services.messaging.dispatch.Queries;

/**
 * REST reads of conversations, under {@code /api/v1} with a bearer token, in proto3 JSON: the same answers as the
 * WebSocket's {@code list_conversations}, {@code sync} and {@code history}.
 *
 * <ul>
 *   <li>{@code GET /api/v1/conversations}: {@code ConversationList}</li>
 *   <li>{@code GET /api/v1/conversations/{id}/sync?after_seq=&limit=}: {@code SyncResult}</li>
 *   <li>{@code GET /api/v1/conversations/{id}/history?before_seq=&limit=}: {@code HistoryResult}</li>
 * </ul>
 */
public final class ConversationsApi {

    private final Queries queries;
    private final BearerAuth auth;

    public ConversationsApi(Queries queries, BearerAuth auth) {
        this.queries = queries;
        this.auth = auth;
    }

    @Get("/conversations")
    @Blocking
    public HttpResponse conversations(ServiceRequestContext ctx) {
        return json(queries.conversations(auth.require(ctx).userId()));
    }

    @Get("/conversations/{id}/sync")
    @Blocking
    public HttpResponse sync(ServiceRequestContext ctx, @Param("id") String id,
            @Param("after_seq") @Default("0") long afterSeq, @Param("limit") @Default("0") int limit) {
        return json(queries.sync(auth.require(ctx).userId(), id, afterSeq, limit));
    }

    @Get("/conversations/{id}/history")
    @Blocking
    public HttpResponse history(ServiceRequestContext ctx, @Param("id") String id,
            @Param("before_seq") @Default("0") long beforeSeq, @Param("limit") @Default("0") int limit) {
        return json(queries.history(auth.require(ctx).userId(), id, beforeSeq, limit));
    }

    static HttpResponse json(Message message) {
        return HttpResponse.of(MediaType.JSON_UTF_8, ProtoJson.print(message));
    }
}
