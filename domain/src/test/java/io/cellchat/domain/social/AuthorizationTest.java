package io.cellchat.domain.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.cellchat.domain.account.Profile;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.presence.Presence;
import io.cellchat.domain.presence.PresenceStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthorizationTest {

    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final long CAROL = 3;

    /** Contacts, blocks and settings in memory; the facts the store would give. */
    private static final class Graph implements SocialGraph {
        final Set<List<Long>> contacts = new HashSet<>();
        final Set<List<Long>> blocks = new HashSet<>();
        final Map<Long, PrivacySettings> settings = new HashMap<>();
        boolean inMemory;

        @Override
        public Map<Long, Tie> tiesInMemory(long viewer, Collection<Long> subjects) {
            return inMemory ? ties(viewer, subjects) : null;
        }

        @Override
        public Map<Long, Tie> ties(long viewer, Collection<Long> subjects) {
            Map<Long, Tie> ties = new HashMap<>();
            subjects.forEach(s -> ties.put(s, tie(viewer, s)));
            return ties;
        }

        @Override
        public Map<Long, Tie> audience(long subject, Collection<Long> viewers) {
            Map<Long, Tie> ties = new HashMap<>();
            viewers.forEach(v -> ties.put(v, tie(v, subject)));
            return ties;
        }

        private Tie tie(long viewer, long subject) {
            return new Tie(contacts.contains(List.of(Math.min(viewer, subject), Math.max(viewer, subject))),
                    blocks.contains(List.of(subject, viewer)), blocks.contains(List.of(viewer, subject)),
                    settings.getOrDefault(subject, PrivacySettings.DEFAULTS));
        }
    }

    private final Graph graph = new Graph();
    private final Set<List<Long>> talked = new HashSet<>();
    private final Authorization authorization = new Authorization(graph,
            (a, b) -> talked.contains(List.of(Math.min(a, b), Math.max(a, b))));

    @Test
    void should_let_a_stranger_write_to_a_contacts_only_user_once_they_have_a_conversation() {
        graph.settings.put(BOB, new PrivacySettings(Audience.CONTACTS, Audience.EVERYONE, Audience.EVERYONE));
        assertThatExceptionOfType(ChatException.class)
                .isThrownBy(() -> authorization.requireMayMessage(ALICE, BOB))
                .satisfies(e -> assertThat(e.error()).isEqualTo(ChatError.PRIVACY_RESTRICTED));
        talked.add(List.of(ALICE, BOB));
        assertThatNoException().isThrownBy(() -> authorization.requireMayMessage(ALICE, BOB));
    }

    @Test
    void should_decide_a_message_in_memory_only_when_no_store_must_be_read_and_as_the_store_would() {
        assertThat(authorization.requireMayMessageInMemory(ALICE, BOB)).as("facts not in memory").isFalse();
        graph.inMemory = true;
        assertThat(authorization.requireMayMessageInMemory(ALICE, BOB)).isTrue();

        graph.blocks.add(List.of(BOB, ALICE));
        assertThatExceptionOfType(ChatException.class)
                .isThrownBy(() -> authorization.requireMayMessageInMemory(ALICE, BOB))
                .satisfies(e -> assertThat(e.error()).isEqualTo(ChatError.PRIVACY_RESTRICTED));
        graph.blocks.clear();

        graph.settings.put(BOB, new PrivacySettings(Audience.CONTACTS, Audience.EVERYONE, Audience.EVERYONE));
        talked.add(List.of(ALICE, BOB));
        assertThat(authorization.requireMayMessageInMemory(ALICE, BOB)).as("whether they talked is a store read")
                .isFalse();
        graph.contacts.add(List.of(ALICE, BOB));
        assertThat(authorization.requireMayMessageInMemory(ALICE, BOB)).as("contacts").isTrue();
    }

    @Test
    void should_refuse_adding_a_group_member_who_blocked_the_actor_and_name_them() {
        graph.blocks.add(List.of(CAROL, ALICE));
        assertThatExceptionOfType(ChatException.class)
                .isThrownBy(() -> authorization.requireMayAdd(ALICE, List.of(ALICE, BOB, CAROL)))
                .withMessageStartingWith("user 3 ");
    }

    @Test
    void should_split_a_presence_change_between_watchers_by_what_each_may_see() {
        graph.settings.put(ALICE, new PrivacySettings(Audience.EVERYONE, Audience.CONTACTS, Audience.EVERYONE));
        graph.contacts.add(List.of(ALICE, BOB));
        talked.add(List.of(ALICE, CAROL));
        long stranger = 4;
        long blocked = 5;
        talked.add(List.of(ALICE, blocked));
        graph.blocks.add(List.of(ALICE, blocked));

        var audience = authorization.presenceAudience(ALICE, List.of(ALICE, BOB, CAROL, stranger, blocked));

        assertThat(audience.withLastSeen()).containsExactlyInAnyOrder(ALICE, BOB);
        assertThat(audience.statusOnly()).containsExactly(CAROL);
    }

    @Test
    void should_show_a_snapshot_of_presence_as_the_viewer_may_see_it() {
        Instant seen = Instant.ofEpochSecond(50);
        talked.add(List.of(ALICE, BOB));
        List<Presence> shown = authorization.presenceFor(ALICE, List.of(
                new Presence(ALICE, PresenceStatus.ONLINE, seen), new Presence(BOB, PresenceStatus.OFFLINE, seen),
                new Presence(CAROL, PresenceStatus.ONLINE, seen)));
        assertThat(shown).containsExactly(new Presence(ALICE, PresenceStatus.ONLINE, seen),
                new Presence(BOB, PresenceStatus.OFFLINE, seen), new Presence(CAROL, PresenceStatus.HIDDEN, null));
    }

    @Test
    void should_strip_bio_and_avatar_for_a_viewer_the_subject_blocked_but_never_for_the_subject() {
        graph.blocks.add(List.of(BOB, ALICE));
        Profile bob = new Profile(BOB, "bob", "Bob", "bio", 3);
        assertThat(authorization.profileFor(ALICE, bob)).isEqualTo(bob.card());
        assertThat(authorization.profileFor(BOB, bob)).isEqualTo(bob);
        assertThat(authorization.profilesFor(ALICE, Map.of(BOB, bob))).containsEntry(BOB, bob.card());
    }
}
