package io.cellchat.domain.chat;

import io.cellchat.domain.error.ChatError;

import static io.cellchat.domain.chat.ChatFixtures.ALICE;
import static io.cellchat.domain.chat.ChatFixtures.BOB;
import static io.cellchat.domain.chat.ChatFixtures.CAROL;
import static io.cellchat.domain.chat.ChatFixtures.DAVE;
import static io.cellchat.domain.chat.ChatFixtures.DIRECT;
import static io.cellchat.domain.chat.ChatFixtures.EVE;
import static io.cellchat.domain.chat.ChatFixtures.GROUP;
import static io.cellchat.domain.chat.ChatFixtures.MALLORY;
import static io.cellchat.domain.chat.ChatFixtures.SMALL;
import static io.cellchat.domain.chat.ChatFixtures.assertRefused;
import static io.cellchat.domain.chat.ChatFixtures.direct;
import static io.cellchat.domain.chat.ChatFixtures.group;
import static io.cellchat.domain.chat.ChatFixtures.team;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.cellchat.domain.chat.ChatCommand.AddMembers;
import io.cellchat.domain.chat.ChatCommand.CreateGroup;
import io.cellchat.domain.chat.ChatCommand.LeaveGroup;
import io.cellchat.domain.chat.ChatCommand.RemoveMember;
import io.cellchat.domain.chat.ChatCommand.RenameGroup;
import io.cellchat.domain.chat.ChatCommand.SetRole;
import io.cellchat.domain.chat.Decision.Append;
import io.cellchat.domain.chat.Decision.NoChange;
import io.cellchat.domain.chat.EventBody.GroupCreated;
import io.cellchat.domain.chat.EventBody.GroupRenamed;
import io.cellchat.domain.chat.EventBody.MemberLeft;
import io.cellchat.domain.chat.EventBody.MemberRemoved;
import io.cellchat.domain.chat.EventBody.MembersAdded;
import io.cellchat.domain.chat.EventBody.RoleChanged;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ChatRulesGroupsTest {

    private final ChatRules rules = new ChatRules(ChatLimits.DEFAULTS);
    private final ChatRules small = new ChatRules(SMALL);

    private static Append events(EventBody... events) {
        return new Append(List.of(events));
    }

    @Nested
    class Create {

        @Test
        void should_make_the_actor_owner_first_and_deduplicate_the_members_without_the_actor_twice() {
            Decision decision = rules.decide(null, null, ALICE,
                    new CreateGroup(GROUP, "Team", List.of(CAROL, BOB, CAROL, ALICE, BOB)));

            assertThat(decision).isEqualTo(events(new GroupCreated("Team", List.of(
                    Member.joined(ALICE, Role.OWNER), Member.joined(CAROL, Role.MEMBER),
                    Member.joined(BOB, Role.MEMBER)))));
        }

        @Test
        void should_create_a_group_with_only_its_owner() {
            assertThat(rules.decide(null, null, ALICE, new CreateGroup(GROUP, "Notes", List.of())))
                    .isEqualTo(events(new GroupCreated("Notes", List.of(Member.joined(ALICE, Role.OWNER)))));
        }

        @Test
        void should_strip_the_title() {
            assertThat(rules.decide(null, null, ALICE, new CreateGroup(GROUP, "  Team \t", List.of(BOB))))
                    .isEqualTo(events(new GroupCreated("Team",
                            List.of(Member.joined(ALICE, Role.OWNER), Member.joined(BOB, Role.MEMBER)))));
        }

        @Test
        void should_accept_a_title_of_the_maximum_length_in_code_points() {
            String title = "\uD83D\uDE00".repeat(100);

            assertThat(rules.decide(null, null, ALICE, new CreateGroup(GROUP, title, List.of())))
                    .isEqualTo(events(new GroupCreated(title, List.of(Member.joined(ALICE, Role.OWNER)))));
        }

        @Test
        void should_refuse_a_blank_or_too_long_title() {
            assertRefused(() -> rules.decide(null, null, ALICE, new CreateGroup(GROUP, "   ", List.of(BOB))),
                    ChatError.INVALID_ARGUMENT)
                    .withMessage("title length: 0 (expected: 1..100)");
            assertRefused(() -> rules.decide(null, null, ALICE, new CreateGroup(GROUP, "t".repeat(101), List.of())),
                    ChatError.INVALID_ARGUMENT)
                    .withMessage("title length: 101 (expected: 1..100)");
        }

        @Test
        void should_refuse_to_create_a_group_that_already_exists() {
            assertRefused(() -> rules.decide(team(), null, ALICE, new CreateGroup(GROUP, "Team", List.of(BOB))),
                    ChatError.INVALID_ARGUMENT)
                    .withMessageContaining("g:1000")
                    .withMessageContaining("already exists");
        }

        @Test
        void should_refuse_more_members_than_the_limit_owner_included() {
            assertRefused(() -> small.decide(null, null, ALICE,
                    new CreateGroup(GROUP, "Team", List.of(BOB, CAROL, DAVE))), ChatError.GROUP_FULL)
                    .withMessage("members: 4 (expected: <= 3)");
        }

        @Test
        void should_count_the_members_after_deduplication_when_checking_the_limit() {
            Decision decision = small.decide(null, null, ALICE,
                    new CreateGroup(GROUP, "Team", List.of(BOB, ALICE, CAROL, BOB)));

            assertThat(decision).isEqualTo(events(new GroupCreated("Team", List.of(Member.joined(ALICE, Role.OWNER),
                    Member.joined(BOB, Role.MEMBER), Member.joined(CAROL, Role.MEMBER)))));
        }
    }

    @Nested
    class Rename {

        @Test
        void should_let_the_owner_and_admins_rename_the_group() {
            assertThat(rules.decide(team(), null, ALICE, new RenameGroup(GROUP, "Crew")))
                    .isEqualTo(events(new GroupRenamed("Crew")));
            assertThat(rules.decide(team(), null, BOB, new RenameGroup(GROUP, "  Crew  ")))
                    .isEqualTo(events(new GroupRenamed("Crew")));
        }

        @Test
        void should_refuse_a_rename_by_a_plain_member() {
            assertRefused(() -> rules.decide(team(), null, CAROL, new RenameGroup(GROUP, "Crew")),
                    ChatError.NOT_ALLOWED)
                    .withMessage("a member cannot rename the group (expected: admin or above)");
        }

        @Test
        void should_change_nothing_when_renaming_to_the_same_title() {
            assertThat(rules.decide(team(), null, ALICE, new RenameGroup(GROUP, "Team"))).isEqualTo(new NoChange());
            assertThat(rules.decide(team(), null, ALICE, new RenameGroup(GROUP, " Team "))).isEqualTo(new NoChange());
        }

        @Test
        void should_refuse_a_blank_title() {
            assertRefused(() -> rules.decide(team(), null, ALICE, new RenameGroup(GROUP, "")),
                    ChatError.INVALID_ARGUMENT)
                    .withMessageContaining("title length: 0");
        }
    }

    @Nested
    class Add {

        @Test
        void should_add_the_new_users_once_each_as_plain_members() {
            Decision decision = rules.decide(team(), null, BOB, new AddMembers(GROUP, List.of(EVE, DAVE, EVE, CAROL)));

            assertThat(decision).isEqualTo(events(new MembersAdded(List.of(
                    Member.joined(EVE, Role.MEMBER), Member.joined(DAVE, Role.MEMBER)))));
        }

        @Test
        void should_change_nothing_when_every_user_is_already_a_member() {
            assertThat(rules.decide(team(), null, ALICE, new AddMembers(GROUP, List.of(BOB, CAROL, ALICE))))
                    .isEqualTo(new NoChange());
        }

        @Test
        void should_refuse_an_empty_list_of_users() {
            assertRefused(() -> rules.decide(team(), null, ALICE, new AddMembers(GROUP, List.of())),
                    ChatError.INVALID_ARGUMENT)
                    .withMessageContaining("user_ids: empty");
        }

        @Test
        void should_refuse_an_addition_by_a_plain_member() {
            assertRefused(() -> rules.decide(team(), null, CAROL, new AddMembers(GROUP, List.of(DAVE))),
                    ChatError.NOT_ALLOWED)
                    .withMessage("a member cannot add members (expected: admin or above)");
        }

        @Test
        void should_fill_the_group_up_to_the_limit_and_refuse_beyond() {
            ConversationState pair = group("Pair", 1, Member.joined(ALICE, Role.OWNER), Member.joined(BOB, Role.MEMBER));

            assertThat(small.decide(pair, null, ALICE, new AddMembers(GROUP, List.of(CAROL, BOB))))
                    .isEqualTo(events(new MembersAdded(List.of(Member.joined(CAROL, Role.MEMBER)))));
            assertRefused(() -> small.decide(pair, null, ALICE, new AddMembers(GROUP, List.of(CAROL, DAVE))),
                    ChatError.GROUP_FULL)
                    .withMessage("members: 4 (expected: <= 3)");
        }

        @Test
        void should_change_nothing_rather_than_refuse_when_a_full_group_is_asked_to_add_existing_members() {
            assertThat(small.decide(team(), null, ALICE, new AddMembers(GROUP, List.of(CAROL))))
                    .isEqualTo(new NoChange());
            assertRefused(() -> small.decide(team(), null, ALICE, new AddMembers(GROUP, List.of(CAROL, DAVE))),
                    ChatError.GROUP_FULL);
        }
    }

    @Nested
    class Remove {

        @Test
        void should_let_an_admin_remove_a_plain_member() {
            assertThat(rules.decide(team(), null, BOB, new RemoveMember(GROUP, CAROL)))
                    .isEqualTo(events(new MemberRemoved(CAROL)));
        }

        @Test
        void should_let_the_owner_remove_anyone() {
            assertThat(rules.decide(team(), null, ALICE, new RemoveMember(GROUP, BOB)))
                    .isEqualTo(events(new MemberRemoved(BOB)));
            assertThat(rules.decide(team(), null, ALICE, new RemoveMember(GROUP, CAROL)))
                    .isEqualTo(events(new MemberRemoved(CAROL)));
        }

        @Test
        void should_refuse_an_admin_removing_another_admin() {
            ConversationState state = group("Team", 3, Member.joined(ALICE, Role.OWNER),
                    Member.joined(BOB, Role.ADMIN), Member.joined(DAVE, Role.ADMIN));

            assertRefused(() -> rules.decide(state, null, BOB, new RemoveMember(GROUP, DAVE)), ChatError.NOT_ALLOWED)
                    .withMessageContaining("an admin cannot remove an admin");
        }

        @Test
        void should_refuse_an_admin_removing_the_owner() {
            assertRefused(() -> rules.decide(team(), null, BOB, new RemoveMember(GROUP, ALICE)), ChatError.NOT_ALLOWED)
                    .withMessageContaining("cannot remove an owner");
        }

        @Test
        void should_refuse_a_plain_member_removing_anyone() {
            ConversationState state = group("Team", 3, Member.joined(ALICE, Role.OWNER),
                    Member.joined(CAROL, Role.MEMBER), Member.joined(DAVE, Role.MEMBER));

            assertRefused(() -> rules.decide(state, null, CAROL, new RemoveMember(GROUP, DAVE)), ChatError.NOT_ALLOWED)
                    .withMessageContaining("a member cannot remove a member");
        }

        @Test
        void should_refuse_removing_oneself_and_point_to_leave() {
            assertRefused(() -> rules.decide(team(), null, BOB, new RemoveMember(GROUP, BOB)),
                    ChatError.INVALID_ARGUMENT)
                    .withMessage("user_id: 2 is you (expected: another member; use leave)");
        }

        @Test
        void should_refuse_removing_someone_who_is_not_a_member() {
            assertRefused(() -> rules.decide(team(), null, ALICE, new RemoveMember(GROUP, MALLORY)),
                    ChatError.NOT_A_MEMBER)
                    .withMessage("user 99 is not a member of g:1000");
        }
    }

    @Nested
    class Leave {

        @Test
        void should_let_a_member_or_an_admin_leave() {
            assertThat(rules.decide(team(), null, CAROL, new LeaveGroup(GROUP))).isEqualTo(events(new MemberLeft(CAROL)));
            assertThat(rules.decide(team(), null, BOB, new LeaveGroup(GROUP))).isEqualTo(events(new MemberLeft(BOB)));
        }

        @Test
        void should_refuse_the_owner_leaving_while_others_remain() {
            assertRefused(() -> rules.decide(team(), null, ALICE, new LeaveGroup(GROUP)), ChatError.NOT_ALLOWED)
                    .withMessageContaining("owner cannot leave while others remain");
        }

        @Test
        void should_let_the_owner_leave_as_the_last_member() {
            ConversationState alone = group("Notes", 1, Member.joined(ALICE, Role.OWNER));

            assertThat(rules.decide(alone, null, ALICE, new LeaveGroup(GROUP))).isEqualTo(events(new MemberLeft(ALICE)));
        }
    }

    @Nested
    class Roles {

        @Test
        void should_let_the_owner_promote_and_demote() {
            assertThat(rules.decide(team(), null, ALICE, new SetRole(GROUP, CAROL, Role.ADMIN)))
                    .isEqualTo(events(new RoleChanged(CAROL, Role.ADMIN)));
            assertThat(rules.decide(team(), null, ALICE, new SetRole(GROUP, BOB, Role.MEMBER)))
                    .isEqualTo(events(new RoleChanged(BOB, Role.MEMBER)));
        }

        @Test
        void should_hand_over_ownership_making_the_target_owner_and_the_actor_admin() {
            assertThat(rules.decide(team(), null, ALICE, new SetRole(GROUP, CAROL, Role.OWNER)))
                    .isEqualTo(events(new RoleChanged(CAROL, Role.OWNER), new RoleChanged(ALICE, Role.ADMIN)));
        }

        @Test
        void should_change_nothing_when_the_target_already_has_the_role() {
            assertThat(rules.decide(team(), null, ALICE, new SetRole(GROUP, BOB, Role.ADMIN))).isEqualTo(new NoChange());
        }

        @Test
        void should_refuse_a_role_change_by_anyone_but_the_owner() {
            assertRefused(() -> rules.decide(team(), null, BOB, new SetRole(GROUP, CAROL, Role.ADMIN)),
                    ChatError.NOT_ALLOWED)
                    .withMessageContaining("cannot change roles (expected: owner or above)");
            assertRefused(() -> rules.decide(team(), null, CAROL, new SetRole(GROUP, CAROL, Role.OWNER)),
                    ChatError.NOT_ALLOWED);
        }

        @Test
        void should_refuse_the_owner_changing_their_own_role() {
            assertRefused(() -> rules.decide(team(), null, ALICE, new SetRole(GROUP, ALICE, Role.MEMBER)),
                    ChatError.INVALID_ARGUMENT)
                    .withMessageContaining("user_id: 1 is you");
        }

        @Test
        void should_refuse_a_role_for_someone_who_is_not_a_member() {
            assertRefused(() -> rules.decide(team(), null, ALICE, new SetRole(GROUP, MALLORY, Role.ADMIN)),
                    ChatError.NOT_A_MEMBER)
                    .withMessage("user 99 is not a member of g:1000");
        }
    }

    static Stream<ChatCommand> groupCommands(ConversationId id) {
        return Stream.of(new RenameGroup(id, "Crew"), new AddMembers(id, List.of(CAROL)),
                new RemoveMember(id, BOB), new LeaveGroup(id), new SetRole(id, BOB, Role.ADMIN));
    }

    static Stream<ChatCommand> onDirect() {
        return groupCommands(DIRECT);
    }

    static Stream<ChatCommand> onGroup() {
        return groupCommands(GROUP);
    }

    @ParameterizedTest
    @MethodSource("onDirect")
    void should_refuse_group_operations_on_a_direct_conversation(ChatCommand command) {
        assertRefused(() -> rules.decide(direct(3), null, ALICE, command), ChatError.NOT_A_GROUP)
                .withMessage("d:1:2 is a direct conversation (expected: a group)");
    }

    @ParameterizedTest
    @MethodSource("onGroup")
    void should_refuse_group_operations_on_a_group_that_does_not_exist(ChatCommand command) {
        assertRefused(() -> rules.decide(null, null, ALICE, command), ChatError.CONVERSATION_NOT_FOUND)
                .withMessage("no conversation g:1000 of yours");
    }

    @ParameterizedTest
    @MethodSource("onGroup")
    void should_refuse_group_operations_by_someone_who_is_not_a_member(ChatCommand command) {
        assertRefused(() -> rules.decide(team(), null, MALLORY, command), ChatError.CONVERSATION_NOT_FOUND)
                .withMessage("no conversation g:1000 of yours");
    }

    @ParameterizedTest
    @MethodSource("onDirect")
    void should_answer_an_outsider_of_a_direct_conversation_as_if_it_did_not_exist(ChatCommand command) {
        assertRefused(() -> rules.decide(direct(3), null, MALLORY, command), ChatError.CONVERSATION_NOT_FOUND);
        assertRefused(() -> rules.decide(null, null, MALLORY, command), ChatError.CONVERSATION_NOT_FOUND);
    }

    @Test
    void should_refuse_limits_that_do_not_allow_a_group_of_two() {
        ThrowingCallable tooSmall = () -> new ChatLimits(4096, 1, 100, 32, 64);

        assertThatIllegalArgumentException().isThrownBy(tooSmall)
                .withMessage("chat.max-group-members: 1 (expected: >= 2)");
        assertThatIllegalArgumentException().isThrownBy(() -> new ChatLimits(0, 2, 100, 32, 64))
                .withMessage("chat.max-text-length: 0 (expected: >= 1)");
    }
}
