package io.cellchat.services.users.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.domain.account.AccountRules;
import io.cellchat.domain.social.Audience;
import io.cellchat.domain.social.PrivacySettings;
import io.cellchat.domain.social.Tie;
import io.cellchat.services.users.store.AccountStore.UserRecord;
import io.cellchat.services.users.store.SocialStore.Invited;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the {@link SocialStore} port (contacts, invitations, blocks, and the {@link Tie}s authorization
 * reads), with the {@link AccountStore} of the same adapter for users, settings and search. The SQLite and the
 * PostgreSQL adapters subclass it unchanged. IDs are random per test, so stores may be shared by the tests of a class.
 */
public abstract class SocialStoreContract {

    /** The two stores of one adapter over one database. */
    public record Stores(AccountStore accounts, SocialStore social) {}

    protected abstract Stores openStores() throws Exception;

    protected abstract void closeStores() throws Exception;

    /** Whether the adapter answers {@code tiesInMemory} once the same ties were read (else it always answers null). */
    protected boolean keepsTiesInMemory() {
        return false;
    }

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private AccountStore accounts;
    private SocialStore social;
    private long alice;
    private long bob;
    private long carol;
    private String prefix;
    private long base;

    @BeforeEach
    final void open() throws Exception {
        Stores stores = openStores();
        accounts = stores.accounts();
        social = stores.social();
        base = ThreadLocalRandom.current().nextLong(1, 1L << 40) * 100_000;
        prefix = "s" + Long.toString(base, 36);
        alice = insert(base + 1, "alice");
        bob = insert(base + 2, "bob");
        carol = insert(base + 3, "carol");
    }

    @AfterEach
    final void close() throws Exception {
        closeStores();
    }

    private long insert(long id, String name) {
        written(accounts.insertUser(new UserRecord(id, prefix + "." + name, name, "hash", now)));
        return id;
    }

    @Test
    void should_see_strangers_with_their_settings_and_unknown_users_as_strangers() {
        PrivacySettings closed = new PrivacySettings(Audience.CONTACTS, Audience.NOBODY, Audience.CONTACTS);
        written(accounts.updatePrivacy(bob, closed));

        assertThat(social.ties(alice, List.of(bob, carol, 42L))).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                bob, new Tie(false, false, false, closed), carol, Tie.STRANGERS, 42L, Tie.STRANGERS));
    }

    @Test
    void should_make_contacts_of_an_accepted_invitation_both_ways() {
        assertThat(written(social.invite(alice, bob, now))).isEqualTo(Invited.SENT);
        assertThat(written(social.invite(alice, bob, now))).isEqualTo(Invited.UNCHANGED);
        assertThat(social.invitationsReceived(bob)).extracting(SocialStore.Link::userId).containsExactly(alice);
        assertThat(social.invitationsSent(alice)).extracting(SocialStore.Link::userId).containsExactly(bob);

        assertThat(written(social.accept(bob, alice, now))).isTrue();

        assertThat(social.ties(alice, List.of(bob)).get(bob).contacts()).isTrue();
        assertThat(social.ties(bob, List.of(alice)).get(alice).contacts()).isTrue();
        assertThat(social.contacts(bob)).extracting(SocialStore.Link::userId).containsExactly(alice);
        assertThat(social.invitationsReceived(bob)).isEmpty();
        assertThat(written(social.accept(bob, alice, now))).as("no invitation left").isFalse();
    }

    @Test
    void should_make_contacts_when_both_invite_each_other() {
        written(social.invite(alice, bob, now));

        assertThat(written(social.invite(bob, alice, now))).isEqualTo(Invited.ACCEPTED);
        assertThat(social.contacts(alice)).extracting(SocialStore.Link::userId).containsExactly(bob);
    }

    @Test
    void should_make_contacts_once_when_two_users_invite_each_other_at_the_same_time() {
        int pairs = 10;
        List<CompletableFuture<Invited>> forth = new ArrayList<>();
        List<CompletableFuture<Invited>> back = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            insert(base + 10 + 2L * i, "left" + i);
            insert(base + 11 + 2L * i, "right" + i);
        }
        for (int i = 0; i < pairs; i++) {
            forth.add(social.invite(base + 10 + 2L * i, base + 11 + 2L * i, now));
            back.add(social.invite(base + 11 + 2L * i, base + 10 + 2L * i, now));
        }

        for (int i = 0; i < pairs; i++) {
            long left = base + 10 + 2L * i;
            long right = base + 11 + 2L * i;
            assertThat(List.of(written(forth.get(i)), written(back.get(i)))).as("pair %d", i)
                    .containsExactlyInAnyOrder(Invited.SENT, Invited.ACCEPTED);
            assertThat(social.contacts(left)).extracting(SocialStore.Link::userId).containsExactly(right);
            assertThat(social.contacts(right)).extracting(SocialStore.Link::userId).containsExactly(left);
            assertThat(social.invitationsSent(left)).isEmpty();
            assertThat(social.invitationsSent(right)).isEmpty();
        }
    }

    @Test
    void should_end_contact_and_invitations_with_a_block_and_see_it_from_both_sides() {
        written(social.invite(alice, bob, now));
        written(social.accept(bob, alice, now));
        written(social.invite(carol, alice, now));

        assertThat(written(social.block(alice, bob, now))).isTrue();
        assertThat(written(social.block(alice, bob, now))).isFalse();
        written(social.block(alice, carol, now));

        assertThat(social.contacts(alice)).isEmpty();
        assertThat(social.invitationsReceived(alice)).isEmpty();
        assertThat(social.ties(alice, List.of(bob)).get(bob)).isEqualTo(new Tie(false, false, true,
                PrivacySettings.DEFAULTS));
        assertThat(social.ties(bob, List.of(alice)).get(alice)).isEqualTo(new Tie(false, true, false,
                PrivacySettings.DEFAULTS));
        assertThat(social.audience(alice, List.of(bob)).get(bob)).as("bob as a viewer of alice")
                .isEqualTo(new Tie(false, true, false, PrivacySettings.DEFAULTS));
        assertThat(social.blocked(alice)).extracting(SocialStore.Link::userId).containsExactly(bob, carol);

        assertThat(written(social.unblock(alice, bob))).isTrue();
        assertThat(social.ties(bob, List.of(alice)).get(alice)).isEqualTo(Tie.STRANGERS);
    }

    @Test
    void should_cancel_or_decline_an_invitation_and_remove_a_contact_both_ways() {
        written(social.invite(alice, bob, now));
        written(social.invite(alice, carol, now));

        assertThat(written(social.deleteInvitation(alice, bob))).as("cancelled").isTrue();
        assertThat(written(social.deleteInvitation(alice, bob))).isFalse();
        assertThat(social.invitationsSent(alice)).extracting(SocialStore.Link::userId).containsExactly(carol);
        written(social.accept(carol, alice, now));

        assertThat(written(social.removeContact(carol, alice))).isTrue();
        assertThat(written(social.removeContact(alice, carol))).isFalse();
        assertThat(social.contacts(alice)).isEmpty();
        assertThat(social.contacts(carol)).isEmpty();
        assertThat(social.ties(alice, List.of(carol)).get(carol)).isEqualTo(Tie.STRANGERS);
    }

    @Test
    void should_leave_invitations_from_blocked_users_out_of_those_received() {
        written(social.block(alice, bob, now));
        written(social.invite(bob, alice, now.plusMillis(1)));
        written(social.invite(carol, alice, now.plusMillis(2)));

        assertThat(social.invitationsReceived(alice)).containsExactly(new SocialStore.Link(carol, now.plusMillis(2)));
        assertThat(social.invitationsSent(bob)).extracting(SocialStore.Link::userId).containsExactly(alice);
        assertThat(social.blocked(alice)).containsExactly(new SocialStore.Link(bob, now));
        assertThat(written(social.unblock(alice, bob))).isTrue();
        assertThat(written(social.unblock(alice, bob))).isFalse();
    }

    @Test
    void should_show_each_change_in_the_ties_asked_right_after_it_when_the_same_ties_were_asked_before() {
        // Adapters may cache what ties are made of; a change must be in force for the next question all the same.
        assertThat(social.ties(alice, List.of(bob))).containsEntry(bob, Tie.STRANGERS);
        assertThat(social.ties(bob, List.of(alice))).containsEntry(alice, Tie.STRANGERS);

        written(social.invite(alice, bob, now));
        written(social.accept(bob, alice, now));
        assertThat(social.ties(alice, List.of(bob)).get(bob).contacts()).isTrue();

        PrivacySettings closed = new PrivacySettings(Audience.CONTACTS, Audience.NOBODY, Audience.CONTACTS);
        written(accounts.updatePrivacy(bob, closed));
        assertThat(social.ties(alice, List.of(bob)).get(bob).subjectSettings()).isEqualTo(closed);

        written(social.block(bob, alice, now));
        assertThat(social.ties(alice, List.of(bob))).containsEntry(bob, new Tie(false, true, false, closed));
        assertThat(social.ties(bob, List.of(alice))).containsEntry(alice,
                new Tie(false, false, true, PrivacySettings.DEFAULTS));

        written(social.unblock(bob, alice));
        assertThat(social.ties(alice, List.of(bob))).containsEntry(bob, new Tie(false, false, false, closed));
    }

    @Test
    void should_answer_ties_from_memory_as_the_store_does_and_never_as_they_were_before_a_change() {
        assertThat(social.tiesInMemory(alice, List.of(bob))).as("before any read").isNull();
        Map<Long, Tie> read = social.ties(alice, List.of(bob));
        Map<Long, Tie> inMemory = social.tiesInMemory(alice, List.of(bob));
        if (keepsTiesInMemory()) {
            assertThat(inMemory).isEqualTo(read);
        } else {
            assertThat(inMemory).isNull();
        }

        written(social.block(bob, alice, now));
        Map<Long, Tie> blocked = Map.of(bob, new Tie(false, true, false, PrivacySettings.DEFAULTS));
        assertThat(social.tiesInMemory(alice, List.of(bob))).as("right after the block").isIn(null, blocked);
        assertThat(social.ties(alice, List.of(bob))).isEqualTo(blocked);
        if (keepsTiesInMemory()) {
            assertThat(social.tiesInMemory(alice, List.of(bob))).isEqualTo(blocked);
        }
    }

    @Test
    void should_leave_users_who_blocked_the_searcher_out_of_search() {
        written(social.block(bob, alice, now));

        assertThat(accounts.search(alice, AccountRules.searchKey(prefix), 0, 10))
                .extracting(p -> p.userId()).containsExactly(alice, carol);
        assertThat(accounts.search(carol, AccountRules.searchKey(prefix), 0, 10))
                .extracting(p -> p.userId()).containsExactly(alice, bob, carol);
    }

    private static <T> T written(CompletableFuture<T> future) {
        try {
            return future.get(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("expected the write to succeed: " + e, e);
        }
    }
}
