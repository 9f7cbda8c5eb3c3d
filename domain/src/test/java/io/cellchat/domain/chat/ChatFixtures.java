package io.cellchat.domain.chat;

import io.cellchat.domain.error.ChatError;

import io.cellchat.domain.error.ChatException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.api.ThrowableAssertAlternative;

/** Users, conversations and messages shared by the chat rule tests. */
final class ChatFixtures {

    static final long ALICE = 1;
    static final long BOB = 2;
    static final long CAROL = 3;
    static final long DAVE = 4;
    static final long EVE = 5;
    static final long MALLORY = 99;

    static final ConversationId DIRECT = ConversationId.direct(ALICE, BOB);
    static final ConversationId GROUP = ConversationId.group(1000);

    /** Three members at most, so group size limits are easy to reach. */
    static final ChatLimits SMALL = new ChatLimits(4096, 3, 100, 32, 64);

    private ChatFixtures() {}

    static ConversationState direct(long lastSeq) {
        return new ConversationState(DIRECT, ConversationKind.DIRECT, "", lastSeq,
                members(Member.joined(ALICE, Role.MEMBER), Member.joined(BOB, Role.MEMBER)));
    }

    static ConversationState group(String title, long lastSeq, Member... members) {
        return new ConversationState(GROUP, ConversationKind.GROUP, title, lastSeq, members(members));
    }

    /** Alice owns it, Bob is an admin, Carol a plain member. */
    static ConversationState team() {
        return group("Team", 10, Member.joined(ALICE, Role.OWNER), Member.joined(BOB, Role.ADMIN),
                Member.joined(CAROL, Role.MEMBER));
    }

    static Map<Long, Member> members(Member... members) {
        return Arrays.stream(members).collect(Collectors.toMap(Member::userId, Function.identity()));
    }

    static TargetMessage message(long seq, long sender, String text) {
        return new TargetMessage(seq, sender, false, text, Set.of());
    }

    static TargetMessage deletedMessage(long seq, long sender) {
        return new TargetMessage(seq, sender, true, "", Set.of());
    }

    static MessageBody.Text text(String text) {
        return new MessageBody.Text(text);
    }

    /** Asserts that the call is refused with this error; chain message checks on the result. */
    static ThrowableAssertAlternative<ChatException> assertRefused(ThrowingCallable call, ChatError error) {
        return assertThatExceptionOfType(ChatException.class)
                .isThrownBy(call)
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.error()).isEqualTo(error));
    }
}
