package io.cellchat.domain.chat.sequencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationState;
import io.cellchat.domain.chat.EventBody;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.MessageBody;
import io.cellchat.domain.chat.Role;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How events change the rules' state. */
class RulesProjectionTest {

    private static final ConversationId GROUP = ConversationId.group(7);
    private static final Instant AT = Instant.parse("2026-01-01T09:00:00Z");

    @Test
    void should_refuse_an_event_that_would_leave_a_gap() {
        ConversationState group = RulesProjection.create(event(1, new EventBody.GroupCreated("T",
                List.of(Member.joined(1, Role.OWNER), Member.joined(2, Role.MEMBER)))));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> RulesProjection.apply(group, event(3, new EventBody.GroupRenamed("U"))))
                .withMessageContaining("expected: 2");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RulesProjection.create(event(2, new EventBody.GroupRenamed("U"))));
    }

    @Test
    void should_rename_change_roles_and_remove_members_keeping_their_marks() {
        ConversationState group = RulesProjection.create(event(1, new EventBody.GroupCreated("T",
                List.of(Member.joined(1, Role.OWNER), Member.joined(2, Role.MEMBER), Member.joined(3, Role.MEMBER)))));

        group = RulesProjection.apply(group, event(2, new EventBody.GroupRenamed("U")));
        group = RulesProjection.apply(group, event(3, new EventBody.RoleChanged(2, Role.ADMIN)));
        group = RulesProjection.apply(group, event(4, new EventBody.MemberLeft(3)));
        group = RulesProjection.apply(group, event(5, EventBody.MessagePosted.posted(new MessageBody.Text("x"), 0, "")));

        assertThat(group.title()).isEqualTo("U");
        assertThat(group.lastSeq()).isEqualTo(5);
        assertThat(group.members().values()).containsExactlyInAnyOrder(new Member(1, Role.OWNER, 1, 1),
                new Member(2, Role.ADMIN, 0, 0));
    }

    private static ChatEvent event(long seq, EventBody body) {
        return new ChatEvent(GROUP, seq, 100 + seq, 1, AT, body);
    }
}
