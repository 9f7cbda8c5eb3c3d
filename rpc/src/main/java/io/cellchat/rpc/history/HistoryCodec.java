package io.cellchat.rpc.history;

import io.cellchat.backplane.BadRecordException;
import io.cellchat.backplane.EventCodec;
import io.cellchat.contracts.internal.v1.ConversationEntry;
import io.cellchat.contracts.internal.v1.HistoryPage;
import io.cellchat.contracts.internal.v1.SyncPage;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.ChatReader.ConversationSummary;
import java.time.Instant;

/**
 * The read side's pages to and from the records of {@code cellchat/internal/v1/history.proto}. Events and members go
 * through the backplane's {@link EventCodec}, the one encoding of an event; nullable fields use field presence.
 */
final class HistoryCodec {

    private HistoryCodec() {}

    static ConversationEntry entry(ConversationSummary summary) {
        ConversationEntry.Builder entry = ConversationEntry.newBuilder()
                .setConversationId(summary.id().value())
                .setKind(EventCodec.kind(summary.kind()))
                .setTitle(summary.title() == null ? "" : summary.title())
                .setLastSeq(summary.lastSeq())
                .setUnread(summary.unread())
                .setMemberCount(summary.memberCount())
                .setPeerUserId(summary.peerUserId())
                .setSelf(EventCodec.member(summary.self()))
                .setLastActivityMs(summary.lastActivity().toEpochMilli());
        if (summary.lastMessage() != null) {
            entry.setLastMessage(EventCodec.event(summary.lastMessage()));
        }
        return entry.build();
    }

    /** @throws BadRecordException if the entry lacks the user's membership or the last activity */
    static ConversationSummary summary(ConversationEntry entry) {
        if (!entry.hasSelf() || !entry.hasLastActivityMs()) {
            throw new BadRecordException("conversation entry " + entry.getConversationId()
                    + ": no self or last_activity_ms (expected: both)");
        }
        return new ConversationSummary(
                EventCodec.conversation(entry.getConversationId()),
                EventCodec.kind(entry.getKind()),
                entry.getTitle(),
                entry.getLastSeq(),
                entry.getUnread(),
                entry.getMemberCount(),
                entry.getPeerUserId(),
                entry.hasLastMessage() ? EventCodec.event(entry.getLastMessage()) : null,
                EventCodec.member(entry.getSelf()),
                Instant.ofEpochMilli(entry.getLastActivityMs()));
    }

    static SyncPage syncPage(ChatReader.SyncPage page) {
        SyncPage.Builder builder = SyncPage.newBuilder()
                .setConversationId(page.id().value())
                .setKind(EventCodec.kind(page.kind()))
                .setTitle(page.title() == null ? "" : page.title())
                .setLastSeq(page.lastSeq())
                .setHasMore(page.hasMore());
        page.events().forEach(event -> builder.addEvents(EventCodec.event(event)));
        page.members().forEach(member -> builder.addMembers(EventCodec.member(member)));
        return builder.build();
    }

    static ChatReader.SyncPage syncPage(SyncPage page) {
        return new ChatReader.SyncPage(
                EventCodec.conversation(page.getConversationId()),
                EventCodec.kind(page.getKind()),
                page.getTitle(),
                page.getEventsList().stream().map(EventCodec::event).toList(),
                page.getLastSeq(),
                page.getHasMore(),
                EventCodec.members(page.getMembersList()));
    }

    static HistoryPage historyPage(ChatReader.HistoryPage page) {
        HistoryPage.Builder builder = HistoryPage.newBuilder()
                .setConversationId(page.id().value())
                .setLastSeq(page.lastSeq())
                .setHasMore(page.hasMore());
        page.events().forEach(event -> builder.addEvents(EventCodec.event(event)));
        return builder.build();
    }

    static ChatReader.HistoryPage historyPage(HistoryPage page) {
        return new ChatReader.HistoryPage(
                EventCodec.conversation(page.getConversationId()),
                page.getEventsList().stream().map(EventCodec::event).toList(),
                page.getHasMore(),
                page.getLastSeq());
    }
}
