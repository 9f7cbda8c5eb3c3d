package io.cellchat.domain.chat.sequencing;

import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationKind;
import io.cellchat.domain.chat.ConversationState;
import io.cellchat.domain.chat.EventBody;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.MessageBody;
import io.cellchat.domain.chat.Role;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How an event changes the state the rules need: pure functions, written once for every sequencer.
 *
 * <p>A conversation is created by its first event: a direct one (by its first message) with its two users as plain
 * members, a group (by {@code GroupCreated}) with its owner and members. Every event moves {@code lastSeq}. Members
 * who join start with every earlier event marked delivered and seen (the creator of a group too); the two users of a
 * direct conversation start at 0, so its first message counts as unread for both until they mark it.
 */
public final class RulesProjection {

    private RulesProjection() {}

    /** The conversation its first event creates. */
    public static ConversationState create(ChatEvent first) {
        ConversationId id = first.conversation();
        if (first.seq() != 1) {
            throw new IllegalArgumentException("seq: " + first.seq() + " (expected: 1, the event that creates " + id + ")");
        }
        if (id.isDirect()) {
            Map<Long, Member> members = new HashMap<>();
            for (long user : id.directMembers()) {
                members.put(user, Member.joined(user, Role.MEMBER));
            }
            return apply(new ConversationState(id, ConversationKind.DIRECT, "", 0, members), first);
        }
        if (!(first.body() instanceof EventBody.GroupCreated created)) {
            throw new IllegalArgumentException(
                    "a group starts with GroupCreated (got: " + first.body().getClass().getSimpleName() + ")");
        }
        return apply(new ConversationState(id, ConversationKind.GROUP, created.title(), 0, Map.of()), first);
    }

    /** The conversation after one more of its events. */
    public static ConversationState apply(ConversationState state, ChatEvent event) {
        if (event.seq() != state.lastSeq() + 1) {
            throw new IllegalArgumentException("seq: " + event.seq() + " (expected: " + (state.lastSeq() + 1) + ")");
        }
        String title = state.title();
        Map<Long, Member> members = state.members();
        switch (event.body()) {
            case EventBody.GroupCreated created -> members = joined(members, created.members(), event, true);
            case EventBody.MembersAdded added -> members = joined(members, added.members(), event, false);
            case EventBody.MemberRemoved removed -> members = without(members, removed.userId());
            case EventBody.MemberLeft left -> members = without(members, left.userId());
            case EventBody.RoleChanged changed -> {
                Map<Long, Member> copy = new HashMap<>(members);
                copy.computeIfPresent(changed.userId(),
                        (user, m) -> new Member(user, changed.role(), m.deliveredSeq(), m.seenSeq()));
                members = copy;
            }
            case EventBody.GroupRenamed renamed -> title = renamed.title();
            case EventBody.MessagePosted posted -> { }
            case EventBody.MessageEdited edited -> { }
            case EventBody.MessageDeleted deleted -> { }
            case EventBody.ReactionChanged reaction -> { }
        }
        return new ConversationState(state.id(), state.kind(), title, event.seq(), members);
    }

    /** The conversation with one member's receipt marks replaced. */
    public static ConversationState withReceipts(ConversationState state, Member member) {
        Map<Long, Member> members = new HashMap<>(state.members());
        members.put(member.userId(), member);
        return new ConversationState(state.id(), state.kind(), state.title(), state.lastSeq(), members);
    }

    /**
     * Writes what a sequenced command changes of the rules' state to a store that keeps exactly that state: the
     * conversation, the messages posted, edited or deleted, the actor's reactions, and the idempotency record. Reads
     * the store for what an event does not carry (the sender of an edited message, the actor's other emojis).
     */
    public static void save(Sequenced sequenced, SequencerStateStore store) {
        switch (sequenced) {
            case Sequenced.Unchanged unchanged -> { }
            case Sequenced.ReceiptsMoved moved -> store.putConversation(moved.conversation());
            case Sequenced.EventsAppended appended -> {
                store.putConversation(appended.conversation());
                for (ChatEvent event : appended.events()) {
                    saveMessage(event, store);
                }
                appended.remembered().ifPresent(store::putIdempotency);
            }
        }
    }

    private static void saveMessage(ChatEvent event, SequencerStateStore store) {
        ConversationId id = event.conversation();
        switch (event.body()) {
            case EventBody.MessagePosted posted ->
                    store.putMessage(id, event.seq(), new MessageState(event.actor(), false, text(posted.body())));
            case EventBody.MessageEdited edited -> store.message(id, edited.targetSeq()).ifPresent(message ->
                    store.putMessage(id, edited.targetSeq(),
                            new MessageState(message.sender(), message.deleted(), text(edited.body()))));
            case EventBody.MessageDeleted deleted -> store.message(id, deleted.targetSeq()).ifPresent(message ->
                    store.putMessage(id, deleted.targetSeq(), new MessageState(message.sender(), true, "")));
            case EventBody.ReactionChanged reaction -> {
                Set<String> emojis = new HashSet<>(store.reactions(id, reaction.targetSeq(), event.actor()));
                if (reaction.added()) {
                    emojis.add(reaction.emoji());
                } else {
                    emojis.remove(reaction.emoji());
                }
                store.putReactions(id, reaction.targetSeq(), event.actor(), Set.copyOf(emojis));
            }
            default -> { }
        }
    }

    /** The text of a message body (text is the only kind so far). */
    public static String text(MessageBody body) {
        return switch (body) {
            case MessageBody.Text(String text) -> text;
        };
    }

    private static Map<Long, Member> joined(Map<Long, Member> members, Iterable<Member> added, ChatEvent event,
            boolean creatorOnly) {
        Map<Long, Member> copy = new HashMap<>(members);
        for (Member member : added) {
            long marks = !creatorOnly || member.userId() == event.actor() ? event.seq() : 0;
            copy.put(member.userId(), new Member(member.userId(), member.role(), marks, marks));
        }
        return copy;
    }

    private static Map<Long, Member> without(Map<Long, Member> members, long userId) {
        Map<Long, Member> copy = new HashMap<>(members);
        copy.remove(userId);
        return copy;
    }
}
