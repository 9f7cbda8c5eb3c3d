package io.cellchat.services.messaging.dispatch;

import static java.util.Objects.requireNonNull;

import io.cellchat.contracts.v1.ConversationList;
import io.cellchat.contracts.v1.HistoryResult;
import io.cellchat.contracts.v1.SyncResult;
import io.cellchat.domain.account.Identities;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.prefs.ConversationPreferences;
import io.cellchat.domain.prefs.ConversationPrefs;
import io.cellchat.services.messaging.prefs.PrefsFrames;
import io.cellchat.services.messaging.protocol.ProtocolMapper;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The reads of the protocol, shared by the WebSocket and REST edges: the conversation list (with the peers'
 * profiles and the user's own settings of each conversation), sync and history. Blocking: callers run them off the event loop.
 */
public final class Queries {

    private final ChatReader reader;
    private final Identities accounts;
    private final ConversationPreferences prefs;

    public Queries(ChatReader reader, Identities accounts, ConversationPreferences prefs) {
        this.reader = requireNonNull(reader, "reader");
        this.accounts = requireNonNull(accounts, "accounts");
        this.prefs = requireNonNull(prefs, "prefs");
    }

    public ConversationList conversations(long userId) {
        var summaries = reader.conversations(userId);
        Set<Long> peers = new HashSet<>();
        summaries.forEach(s -> {
            if (s.peerUserId() != 0) {
                peers.add(s.peerUserId());
            }
        });
        Map<Long, Profile> profiles = accounts.profiles(peers);
        Map<ConversationId, ConversationPrefs> settings = new HashMap<>();
        prefs.of(userId).forEach(p -> settings.put(p.conversation(), p));
        return ConversationList.newBuilder()
                .addAllConversations(summaries.stream().map(s -> {
                    var summary = ProtocolMapper.summary(s, profiles);
                    ConversationPrefs mine = settings.get(s.id());
                    return mine == null ? summary : summary.toBuilder().setPrefs(PrefsFrames.prefs(mine)).build();
                }).toList())
                .build();
    }

    public SyncResult sync(long userId, String conversationId, long afterSeq, int limit) {
        var page = reader.sync(userId, ConversationId.parse(conversationId), afterSeq, limit);
        Set<Long> users = new HashSet<>();
        page.members().forEach(m -> users.add(m.userId()));
        return ProtocolMapper.sync(page, accounts.profiles(users).values());
    }

    public HistoryResult history(long userId, String conversationId, long beforeSeq, int limit) {
        return ProtocolMapper.history(reader.history(userId, ConversationId.parse(conversationId), beforeSeq, limit));
    }
}
