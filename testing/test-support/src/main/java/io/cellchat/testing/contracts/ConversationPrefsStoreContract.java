package io.cellchat.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.prefs.ConversationPrefs;
import io.cellchat.domain.prefs.ConversationPrefsStore;
import io.cellchat.domain.prefs.PrefsChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the {@link ConversationPrefsStore} port: each user's own pin, archive and mute settings per
 * conversation. Every test uses user IDs of its own (random), so a store may be shared by the tests of a class (a
 * PostgreSQL schema) as well as opened fresh per test.
 */
public abstract class ConversationPrefsStoreContract {

    private static final int MAX_PINNED = 3;
    private static final Instant T1 = Instant.ofEpochMilli(1_800_000_000_000L);
    private static final Instant T2 = T1.plusSeconds(60);

    /** A store ready for use. Called before each test. */
    protected abstract ConversationPrefsStore openStore() throws Exception;

    /** Releases what {@link #openStore} took. Called after each test. */
    protected abstract void closeStore() throws Exception;

    protected ConversationPrefsStore store;
    private long alice;
    private long bob;

    @BeforeEach
    final void openTheStore() throws Exception {
        alice = ThreadLocalRandom.current().nextLong(1, 1L << 50);
        bob = alice + 1;
        store = openStore();
    }

    @AfterEach
    final void closeTheStore() throws Exception {
        closeStore();
    }

    @Test
    void should_have_no_settings_for_a_user_who_changed_none() {
        assertThat(store.all(alice)).isEmpty();
    }

    @Test
    void should_pin_at_the_given_time_and_keep_that_time_when_pinned_again() {
        ConversationPrefs pinned = apply(alice, pin(group(1), true), T1);
        ConversationPrefs again = apply(alice, pin(group(1), true), T2);

        assertThat(pinned).isEqualTo(new ConversationPrefs(group(1), T1.toEpochMilli(), false, 0));
        assertThat(again.pinnedAtMs()).isEqualTo(T1.toEpochMilli());
        assertThat(store.all(alice)).containsExactly(pinned);
    }

    @Test
    void should_change_only_the_settings_given() {
        apply(alice, pin(group(1), true), T1);
        apply(alice, new PrefsChange(group(1), Optional.empty(), Optional.empty(),
                OptionalLong.of(ConversationPrefs.MUTED_FOREVER)), T2);
        ConversationPrefs after = apply(alice, archive(group(1), true), T2);

        assertThat(after).isEqualTo(new ConversationPrefs(group(1), T1.toEpochMilli(), true,
                ConversationPrefs.MUTED_FOREVER));
        assertThat(store.all(alice)).containsExactly(after);
    }

    @Test
    void should_forget_a_conversation_whose_settings_are_back_to_the_defaults() {
        apply(alice, pin(group(1), true), T1);
        apply(alice, archive(group(2), true), T1);

        ConversationPrefs unpinned = apply(alice, pin(group(1), false), T2);

        assertThat(unpinned).isEqualTo(ConversationPrefs.none(group(1)));
        assertThat(store.all(alice)).containsExactly(new ConversationPrefs(group(2), 0, true, 0));
    }

    @Test
    void should_refuse_a_pin_beyond_the_limit_and_change_nothing() {
        for (int i = 1; i <= MAX_PINNED; i++) {
            apply(alice, pin(group(i), true), T1);
        }
        PrefsChange pinAndArchive = new PrefsChange(group(9), Optional.of(true), Optional.of(true),
                OptionalLong.empty());

        assertThatThrownBy(() -> apply(alice, pinAndArchive, T2))
                .isInstanceOf(ChatException.class)
                .satisfies(e -> assertThat(((ChatException) e).error()).isEqualTo(ChatError.INVALID_ARGUMENT))
                .hasMessageContaining("at most " + MAX_PINNED);
        assertThat(store.all(alice)).hasSize(MAX_PINNED).allMatch(ConversationPrefs::pinned)
                .noneMatch(p -> p.conversation().equals(group(9)));
    }

    @Test
    void should_allow_a_pin_again_after_unpinning_one_at_the_limit() {
        for (int i = 1; i <= MAX_PINNED; i++) {
            apply(alice, pin(group(i), true), T1);
        }
        apply(alice, pin(group(1), false), T2);

        assertThat(apply(alice, pin(group(9), true), T2).pinnedAtMs()).isEqualTo(T2.toEpochMilli());
        assertThat(store.all(alice).stream().filter(ConversationPrefs::pinned)).hasSize(MAX_PINNED);
    }

    @Test
    void should_hold_the_pin_limit_when_pins_come_at_once() {
        List<CompletableFuture<ConversationPrefs>> pins = new ArrayList<>();
        for (int i = 1; i <= MAX_PINNED + 4; i++) {
            pins.add(store.apply(alice, pin(group(i), true), T1, MAX_PINNED));
        }
        long accepted = pins.stream().filter(f -> {
            try {
                f.join();
                return true;
            } catch (CompletionException e) {
                return false;
            }
        }).count();

        assertThat(accepted).isEqualTo(MAX_PINNED);
        assertThat(store.all(alice).stream().filter(ConversationPrefs::pinned)).hasSize(MAX_PINNED);
    }

    @Test
    void should_keep_each_users_settings_apart() {
        apply(alice, archive(group(1), true), T1);
        apply(bob, pin(group(1), true), T1);

        assertThat(store.all(alice)).containsExactly(new ConversationPrefs(group(1), 0, true, 0));
        assertThat(store.all(bob)).containsExactly(new ConversationPrefs(group(1), T1.toEpochMilli(), false, 0));
    }

    @Test
    void should_keep_settings_of_direct_conversations_too() {
        ConversationId direct = ConversationId.parse("d:" + alice + ":" + (alice + 5));

        apply(alice, archive(direct, true), T1);

        assertThat(store.all(alice)).extracting(ConversationPrefs::conversation).containsExactly(direct);
    }

    private ConversationPrefs apply(long userId, PrefsChange change, Instant at) {
        try {
            return store.apply(userId, change, at, MAX_PINNED).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static ConversationId group(int n) {
        return ConversationId.parse("g:" + (1000 + n));
    }

    private static PrefsChange pin(ConversationId conversation, boolean pinned) {
        return new PrefsChange(conversation, Optional.of(pinned), Optional.empty(), OptionalLong.empty());
    }

    private static PrefsChange archive(ConversationId conversation, boolean archived) {
        return new PrefsChange(conversation, Optional.empty(), Optional.of(archived), OptionalLong.empty());
    }
}
