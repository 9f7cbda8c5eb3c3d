package io.cellchat.rpc.history;

import static java.util.Objects.requireNonNull;

import io.cellchat.contracts.internal.v1.ConversationsRequest;
import io.cellchat.contracts.internal.v1.ConversationsResponse;
import io.cellchat.contracts.internal.v1.HistoryPage;
import io.cellchat.contracts.internal.v1.HistoryReaderGrpc;
import io.cellchat.contracts.internal.v1.HistoryRequest;
import io.cellchat.contracts.internal.v1.MemberIdsRequest;
import io.cellchat.contracts.internal.v1.MemberIdsResponse;
import io.cellchat.contracts.internal.v1.SyncPage;
import io.cellchat.contracts.internal.v1.SyncRequest;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.rpc.RpcErrors;
import io.grpc.stub.StreamObserver;

/**
 * The server side of the history read API: each call is the same call on the history role's {@link ChatReader}, so
 * membership checks and page limits are the reader's. Conversation IDs are parsed strictly, as at the client edge.
 */
public final class HistoryGrpcService extends HistoryReaderGrpc.HistoryReaderImplBase {

    private final ChatReader reader;

    public HistoryGrpcService(ChatReader reader) {
        this.reader = requireNonNull(reader, "reader");
    }

    @Override
    public void conversations(ConversationsRequest request, StreamObserver<ConversationsResponse> response) {
        RpcErrors.answer(response, () -> {
            ConversationsResponse.Builder builder = ConversationsResponse.newBuilder();
            reader.conversations(request.getUserId()).forEach(s -> builder.addConversations(HistoryCodec.entry(s)));
            return builder.build();
        });
    }

    @Override
    public void sync(SyncRequest request, StreamObserver<SyncPage> response) {
        RpcErrors.answer(response, () -> HistoryCodec.syncPage(reader.sync(request.getUserId(),
                ConversationId.parse(request.getConversationId()), request.getAfterSeq(), request.getLimit())));
    }

    @Override
    public void history(HistoryRequest request, StreamObserver<HistoryPage> response) {
        RpcErrors.answer(response, () -> HistoryCodec.historyPage(reader.history(request.getUserId(),
                ConversationId.parse(request.getConversationId()), request.getBeforeSeq(), request.getLimit())));
    }

    @Override
    public void memberIds(MemberIdsRequest request, StreamObserver<MemberIdsResponse> response) {
        RpcErrors.answer(response, () -> MemberIdsResponse.newBuilder()
                .addAllUserIds(reader.memberIds(ConversationId.parse(request.getConversationId())))
                .build());
    }
}
