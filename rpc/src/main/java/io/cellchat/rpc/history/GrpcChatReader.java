package io.cellchat.rpc.history;

import static java.util.Objects.requireNonNull;

import io.cellchat.contracts.internal.v1.ConversationsRequest;
import io.cellchat.contracts.internal.v1.HistoryReaderGrpc;
import io.cellchat.contracts.internal.v1.HistoryRequest;
import io.cellchat.contracts.internal.v1.MemberIdsRequest;
import io.cellchat.contracts.internal.v1.SyncRequest;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.rpc.RpcClients;
import io.cellchat.rpc.RpcErrors;
import io.cellchat.rpc.RpcSettings;
import java.util.List;
import java.util.Set;

/**
 * {@link ChatReader} over gRPC, for messaging servers that do not hold the history: every read goes to the history
 * role with a deadline. Refusals ({@code NOT_A_MEMBER}, {@code CONVERSATION_NOT_FOUND}) arrive as in the single
 * process; a history role that is down or late gives {@code UNAVAILABLE} (retriable) within the deadline. Blocking:
 * the messaging server already calls its reader off the event loop.
 */
public final class GrpcChatReader implements ChatReader {

    private static final String SERVICE = "history service";

    private final HistoryReaderGrpc.HistoryReaderBlockingStub stub;
    private final RpcSettings settings;

    public GrpcChatReader(RpcSettings settings) {
        this.settings = requireNonNull(settings, "settings");
        this.stub = RpcClients.stub(settings, HistoryReaderGrpc.HistoryReaderBlockingStub.class);
    }

    private HistoryReaderGrpc.HistoryReaderBlockingStub call() {
        return RpcClients.withDeadline(stub, settings);
    }

    @Override
    public List<ConversationSummary> conversations(long userId) {
        ConversationsRequest request = ConversationsRequest.newBuilder().setUserId(userId).build();
        return RpcErrors.call(SERVICE, () -> call().conversations(request)).getConversationsList().stream()
                .map(HistoryCodec::summary)
                .toList();
    }

    @Override
    public SyncPage sync(long userId, ConversationId conversation, long afterSeq, int limit) {
        SyncRequest request = SyncRequest.newBuilder().setUserId(userId).setConversationId(conversation.value())
                .setAfterSeq(afterSeq).setLimit(limit).build();
        return HistoryCodec.syncPage(RpcErrors.call(SERVICE, () -> call().sync(request)));
    }

    @Override
    public HistoryPage history(long userId, ConversationId conversation, long beforeSeq, int limit) {
        HistoryRequest request = HistoryRequest.newBuilder().setUserId(userId).setConversationId(conversation.value())
                .setBeforeSeq(beforeSeq).setLimit(limit).build();
        return HistoryCodec.historyPage(RpcErrors.call(SERVICE, () -> call().history(request)));
    }

    @Override
    public Set<Long> memberIds(ConversationId conversation) {
        MemberIdsRequest request = MemberIdsRequest.newBuilder().setConversationId(conversation.value()).build();
        return Set.copyOf(RpcErrors.call(SERVICE, () -> call().memberIds(request)).getUserIdsList());
    }
}
