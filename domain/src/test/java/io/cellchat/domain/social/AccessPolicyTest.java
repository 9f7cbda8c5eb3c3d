package io.cellchat.domain.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.cellchat.domain.account.Profile;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.presence.Presence;
import io.cellchat.domain.presence.PresenceStatus;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private static final long BOB = 2;
    private static final PrivacySettings CONTACTS_ONLY =
            new PrivacySettings(Audience.CONTACTS, Audience.EVERYONE, Audience.EVERYONE);

    private static Tie tie(boolean contacts, boolean blockedBySubject, boolean blockedSubject, PrivacySettings s) {
        return new Tie(contacts, blockedBySubject, blockedSubject, s);
    }

    private static ChatException refusal(Runnable call) {
        return assertThatExceptionOfType(ChatException.class).isThrownBy(call::run).actual();
    }

    @Nested
    class Messages {

        @Test
        void should_let_a_stranger_start_a_conversation_with_someone_open_to_everyone() {
            assertThatNoException().isThrownBy(() -> AccessPolicy.requireMayMessage(Tie.STRANGERS, BOB, false));
        }

        @Test
        void should_keep_a_stranger_from_starting_a_conversation_with_someone_open_to_contacts_only() {
            ChatException e = refusal(() -> AccessPolicy.requireMayMessage(
                    tie(false, false, false, CONTACTS_ONLY), BOB, false));
            assertThat(e.error()).isEqualTo(ChatError.PRIVACY_RESTRICTED);
        }

        @Test
        void should_let_a_contact_start_a_conversation_with_someone_open_to_contacts_only() {
            assertThatNoException().isThrownBy(() -> AccessPolicy.requireMayMessage(
                    tie(true, false, false, CONTACTS_ONLY), BOB, false));
        }

        @Test
        void should_let_a_stranger_go_on_in_a_conversation_that_exists_when_the_setting_is_contacts_only() {
            assertThatNoException().isThrownBy(() -> AccessPolicy.requireMayMessage(
                    tie(false, false, false, CONTACTS_ONLY), BOB, true));
        }

        @Test
        void should_refuse_a_blocked_user_with_exactly_the_answer_a_stranger_kept_out_gets() {
            ChatException blocked = refusal(() -> AccessPolicy.requireMayMessage(
                    tie(true, true, false, PrivacySettings.DEFAULTS), BOB, true));
            ChatException stranger = refusal(() -> AccessPolicy.requireMayMessage(
                    tie(false, false, false, CONTACTS_ONLY), BOB, false));
            assertThat(blocked.error()).isEqualTo(stranger.error());
            assertThat(blocked.getMessage()).isEqualTo(stranger.getMessage());
        }

        @Test
        void should_tell_the_blocker_that_their_own_block_is_the_reason() {
            ChatException e = refusal(() -> AccessPolicy.requireMayMessage(
                    tie(true, false, true, PrivacySettings.DEFAULTS), BOB, true));
            assertThat(e.error()).isEqualTo(ChatError.PRIVACY_RESTRICTED);
            assertThat(e.getMessage()).isEqualTo("you blocked user 2 (expected: unblock them first)");
        }
    }

    @Nested
    class Groups {

        @Test
        void should_let_anyone_add_someone_open_to_everyone() {
            assertThatNoException().isThrownBy(() -> AccessPolicy.requireMayAdd(Tie.STRANGERS, BOB));
        }

        @Test
        void should_let_only_contacts_add_someone_open_to_contacts_only() {
            assertThat(refusal(() -> AccessPolicy.requireMayAdd(tie(false, false, false, CONTACTS_ONLY), BOB)).error())
                    .isEqualTo(ChatError.PRIVACY_RESTRICTED);
            assertThatNoException().isThrownBy(() -> AccessPolicy.requireMayAdd(tie(true, false, false, CONTACTS_ONLY),
                    BOB));
        }

        @Test
        void should_refuse_adding_someone_who_blocked_you_or_whom_you_blocked() {
            assertThat(refusal(() -> AccessPolicy.requireMayAdd(tie(true, true, false, PrivacySettings.DEFAULTS), BOB))
                    .error()).isEqualTo(ChatError.PRIVACY_RESTRICTED);
            assertThat(refusal(() -> AccessPolicy.requireMayAdd(tie(true, false, true, PrivacySettings.DEFAULTS), BOB))
                    .getMessage()).startsWith("you blocked user 2");
        }
    }

    @Test
    void should_answer_outsiders_with_conversation_not_found() {
        assertThat(AccessPolicy.noSuchConversation(ConversationId.direct(1, 2)).error())
                .isEqualTo(ChatError.CONVERSATION_NOT_FOUND);
    }

    @Nested
    class PresenceRules {

        private final Presence online = new Presence(BOB, PresenceStatus.ONLINE, Instant.ofEpochSecond(100));

        @Test
        void should_hide_presence_from_a_stranger_who_never_talked_to_the_user() {
            assertThat(AccessPolicy.presence(Tie.STRANGERS, false, online))
                    .isEqualTo(new Presence(BOB, PresenceStatus.HIDDEN, null));
        }

        @Test
        void should_show_presence_to_a_contact_and_to_someone_with_a_direct_conversation() {
            assertThat(AccessPolicy.presence(tie(true, false, false, PrivacySettings.DEFAULTS), false, online))
                    .isEqualTo(online);
            assertThat(AccessPolicy.presence(Tie.STRANGERS, true, online)).isEqualTo(online);
        }

        @Test
        void should_hide_presence_from_a_blocked_user_exactly_as_from_a_stranger() {
            assertThat(AccessPolicy.presence(tie(true, true, false, PrivacySettings.DEFAULTS), true, online))
                    .isEqualTo(AccessPolicy.presence(Tie.STRANGERS, false, online));
        }

        @Test
        void should_show_last_seen_by_the_subjects_setting() {
            PrivacySettings contacts = new PrivacySettings(Audience.EVERYONE, Audience.CONTACTS, Audience.EVERYONE);
            PrivacySettings nobody = new PrivacySettings(Audience.EVERYONE, Audience.NOBODY, Audience.EVERYONE);
            Presence statusOnly = new Presence(BOB, PresenceStatus.ONLINE, null);
            assertThat(AccessPolicy.presence(tie(false, false, false, contacts), true, online)).isEqualTo(statusOnly);
            assertThat(AccessPolicy.presence(tie(true, false, false, contacts), false, online)).isEqualTo(online);
            assertThat(AccessPolicy.presence(tie(true, false, false, nobody), true, online)).isEqualTo(statusOnly);
        }
    }

    @Nested
    class Profiles {

        private final Profile full = new Profile(BOB, "bob", "Bob", "likes boats", 7);

        @Test
        void should_show_bio_and_avatar_to_everyone_by_default() {
            assertThat(AccessPolicy.profile(Tie.STRANGERS, full)).isEqualTo(full);
        }

        @Test
        void should_show_only_the_card_to_strangers_when_the_profile_is_for_contacts() {
            PrivacySettings contacts = new PrivacySettings(Audience.EVERYONE, Audience.EVERYONE, Audience.CONTACTS);
            assertThat(AccessPolicy.profile(tie(false, false, false, contacts), full))
                    .isEqualTo(new Profile(BOB, "bob", "Bob"));
            assertThat(AccessPolicy.profile(tie(true, false, false, contacts), full)).isEqualTo(full);
        }

        @Test
        void should_show_a_blocked_user_only_the_card() {
            assertThat(AccessPolicy.profile(tie(true, true, false, PrivacySettings.DEFAULTS), full))
                    .isEqualTo(full.card());
        }
    }

    @Test
    void should_carry_typing_only_between_users_who_did_not_block_each_other() {
        assertThat(AccessPolicy.deliversTyping(Tie.STRANGERS)).isTrue();
        assertThat(AccessPolicy.deliversTyping(tie(true, true, false, PrivacySettings.DEFAULTS))).isFalse();
        assertThat(AccessPolicy.deliversTyping(tie(true, false, true, PrivacySettings.DEFAULTS))).isFalse();
    }

    @Test
    void should_accept_but_never_show_an_invitation_to_someone_who_blocked_the_inviter() {
        assertThat(AccessPolicy.showsInvitation(Tie.STRANGERS, BOB)).isTrue();
        assertThat(AccessPolicy.showsInvitation(tie(false, true, false, PrivacySettings.DEFAULTS), BOB)).isFalse();
        assertThat(refusal(() -> AccessPolicy.showsInvitation(tie(false, false, true, PrivacySettings.DEFAULTS), BOB))
                .error()).isEqualTo(ChatError.PRIVACY_RESTRICTED);
    }

    @Test
    void should_refuse_nobody_for_messages_and_profile() {
        assertThat(refusal(() -> new PrivacySettings(Audience.NOBODY, Audience.EVERYONE, Audience.EVERYONE)).error())
                .isEqualTo(ChatError.INVALID_ARGUMENT);
        assertThat(refusal(() -> new PrivacySettings(Audience.EVERYONE, Audience.EVERYONE, Audience.NOBODY)).error())
                .isEqualTo(ChatError.INVALID_ARGUMENT);
    }
}
