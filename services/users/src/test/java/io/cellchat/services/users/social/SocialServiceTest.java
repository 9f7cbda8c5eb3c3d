package io.cellchat.services.users.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.cellchat.domain.account.Profile;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.social.Authorization;
import io.cellchat.domain.social.ContactState;
import io.cellchat.platform.inprocess.InProcessEventBus;
import io.cellchat.platform.sqlite.SqliteDatabase;
import io.cellchat.platform.sqlite.SqliteSettings;
import io.cellchat.services.users.store.AccountStore.UserRecord;
import io.cellchat.services.users.store.sqlite.SqliteAccountStore;
import io.cellchat.services.users.store.sqlite.SqliteSocialStore;
import io.cellchat.testing.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Contacts, blocks and profiles on the embedded stores: what changes, and what is pushed live to whom. */
class SocialServiceTest {

    private static final long ANN = 1;
    private static final long BOB = 2;

    @TempDir
    Path folder;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final List<Delivery> pushed = new CopyOnWriteArrayList<>();
    private SqliteDatabase database;
    private EventBus.Subscription subscription;
    private SocialService social;

    @BeforeEach
    void start() {
        database = SqliteDatabase.open(SqliteSettings.defaults(folder.resolve("users.db")), new SimpleMeterRegistry());
        SqliteAccountStore accounts = new SqliteAccountStore(database);
        SqliteSocialStore store = new SqliteSocialStore(database);
        accounts.insertUser(new UserRecord(ANN, "ann", "Ann", "hash", clock.instant())).join();
        accounts.insertUser(new UserRecord(BOB, "bob", "Bob", "hash", clock.instant())).join();
        EventBus bus = new InProcessEventBus();
        subscription = bus.subscribe(pushed::add);
        social = new SocialService(accounts, store, new Authorization(store, (a, b) -> false), bus, clock);
    }

    @AfterEach
    void stop() {
        subscription.close();
        database.close();
    }

    @Test
    void should_push_an_invitation_to_both_and_a_contact_to_both_when_accepted() {
        assertThat(social.invite(ANN, BOB)).isEqualTo(ContactState.INVITATION_SENT);
        assertThat(social.invite(ANN, BOB)).as("twice").isEqualTo(ContactState.INVITATION_SENT);

        assertThat(pushes()).containsExactly(
                Map.entry(ANN, new Push.ContactChanged(ContactState.INVITATION_SENT, card(BOB))),
                Map.entry(BOB, new Push.ContactChanged(ContactState.INVITATION_RECEIVED, card(ANN))));
        assertThat(social.contacts(BOB)).containsExactly(Map.entry(ContactState.INVITATION_RECEIVED, card(ANN)));

        pushed.clear();
        assertThat(social.invite(BOB, ANN)).isEqualTo(ContactState.CONTACT);

        assertThat(pushes()).containsExactly(
                Map.entry(BOB, new Push.ContactChanged(ContactState.CONTACT, card(ANN))),
                Map.entry(ANN, new Push.ContactChanged(ContactState.CONTACT, card(BOB))));
        assertThat(social.contacts(ANN)).containsExactly(Map.entry(ContactState.CONTACT, card(BOB)));
    }

    @Test
    void should_end_a_contact_or_an_invitation_either_side_and_tell_both() {
        social.invite(ANN, BOB);
        pushed.clear();

        social.unlink(BOB, ANN);

        assertThat(pushes()).containsExactly(
                Map.entry(BOB, new Push.ContactChanged(ContactState.NONE, card(ANN))),
                Map.entry(ANN, new Push.ContactChanged(ContactState.NONE, card(BOB))));
        assertThat(social.contacts(ANN)).isEmpty();
        pushed.clear();
        social.unlink(BOB, ANN);
        assertThat(pushed).as("nothing left to end").isEmpty();
    }

    @Test
    void should_hide_an_invitation_from_someone_blocked_and_refuse_inviting_someone_you_blocked() {
        social.block(BOB, ANN);
        assertThat(pushes()).containsExactly(Map.entry(BOB, new Push.ContactChanged(ContactState.BLOCKED, card(ANN))));
        pushed.clear();

        assertThat(social.invite(ANN, BOB)).isEqualTo(ContactState.INVITATION_SENT);

        assertThat(pushes()).containsExactly(
                Map.entry(ANN, new Push.ContactChanged(ContactState.INVITATION_SENT, card(BOB))));
        assertThat(social.contacts(BOB)).isEmpty();
        assertThatExceptionOfType(ChatException.class).isThrownBy(() -> social.invite(BOB, ANN))
                .satisfies(e -> assertThat(e.error()).isEqualTo(ChatError.PRIVACY_RESTRICTED));
        assertThat(social.blocked(BOB)).containsExactly(card(ANN));
    }

    @Test
    void should_refuse_links_to_yourself_and_to_users_who_do_not_exist() {
        for (Runnable call : List.<Runnable>of(() -> social.invite(ANN, ANN), () -> social.block(ANN, ANN))) {
            assertThatExceptionOfType(ChatException.class).isThrownBy(call::run)
                    .satisfies(e -> assertThat(e.error()).isEqualTo(ChatError.INVALID_ARGUMENT));
        }
        assertThatExceptionOfType(ChatException.class).isThrownBy(() -> social.invite(ANN, 99))
                .satisfies(e -> assertThat(e.error()).isEqualTo(ChatError.USER_NOT_FOUND));
    }

    @Test
    void should_replace_the_display_name_and_bio_and_default_the_name_to_the_username() {
        assertThat(social.updateProfile(ANN, "Ann Archer", "  Birdwatcher ")).isEqualTo(
                new Profile(ANN, "ann", "Ann Archer", "Birdwatcher", 0));
        assertThat(social.updateProfile(ANN, "", "")).isEqualTo(new Profile(ANN, "ann", "ann"));
        assertThat(social.profile(BOB, ANN)).isEqualTo(new Profile(ANN, "ann", "ann"));
    }

    private List<Map.Entry<Long, Push>> pushes() {
        return pushed.stream().map(d -> Map.entry(d.recipients().iterator().next(), d.push())).toList();
    }

    private static Profile card(long userId) {
        return userId == ANN ? new Profile(ANN, "ann", "Ann") : new Profile(BOB, "bob", "Bob");
    }

}
