package io.cellchat.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellchat.domain.account.AvatarStore;
import io.cellchat.domain.account.AvatarStore.Avatar;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the {@link AvatarStore} port: one avatar per user, versions that never repeat, the profile's
 * version kept in step. Users come from {@link #newUser}, so a store may be shared by the tests of a class (a
 * PostgreSQL schema) as well as opened fresh per test.
 */
public abstract class AvatarStoreContract {

    private static final String JPEG = "image/jpeg";

    /** A store ready for use. Called before each test. */
    protected abstract AvatarStore openStore() throws Exception;

    /** Releases what {@link #openStore} took. Called after each test. */
    protected abstract void closeStore() throws Exception;

    /** Creates a user in the store's database; returns the new user's ID. */
    protected abstract long newUser() throws Exception;

    /** The avatar version the user's profile carries now (0 when none). */
    protected abstract long profileAvatarVersion(long userId) throws Exception;

    private AvatarStore store;

    @BeforeEach
    void open() throws Exception {
        store = openStore();
    }

    @AfterEach
    void close() throws Exception {
        closeStore();
    }

    private static byte[] image(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    @Test
    void should_have_no_avatar_for_a_new_user() throws Exception {
        long user = newUser();

        assertThat(store.avatar(user)).isEmpty();
        assertThat(profileAvatarVersion(user)).isZero();
    }

    @Test
    void should_return_the_stored_bytes_type_and_version_and_name_that_version_in_the_profile() throws Exception {
        long user = newUser();
        byte[] image = image(40_000);

        long version = store.putAvatar(user, JPEG, image).join();

        Avatar stored = store.avatar(user).orElseThrow();
        assertThat(version).isPositive();
        assertThat(stored.version()).isEqualTo(version);
        assertThat(stored.contentType()).isEqualTo(JPEG);
        assertThat(stored.image()).isEqualTo(image);
        assertThat(profileAvatarVersion(user)).isEqualTo(version);
    }

    @Test
    void should_replace_the_avatar_under_a_greater_version() throws Exception {
        long user = newUser();
        long first = store.putAvatar(user, JPEG, image(100)).join();
        byte[] second = image(200);

        long next = store.putAvatar(user, JPEG, second).join();

        assertThat(next).isGreaterThan(first);
        assertThat(store.avatar(user).orElseThrow().image()).isEqualTo(second);
        assertThat(profileAvatarVersion(user)).isEqualTo(next);
    }

    @Test
    void should_delete_once_and_never_reuse_a_version_afterwards() throws Exception {
        long user = newUser();
        long first = store.putAvatar(user, JPEG, image(100)).join();

        assertThat(store.deleteAvatar(user).join()).isTrue();
        assertThat(store.deleteAvatar(user).join()).as("nothing left to delete").isFalse();
        assertThat(store.avatar(user)).isEmpty();
        assertThat(profileAvatarVersion(user)).isZero();

        long again = store.putAvatar(user, JPEG, image(100)).join();
        assertThat(again).as("a cached image of the first version can never pass for this one").isGreaterThan(first);
        assertThat(profileAvatarVersion(user)).isEqualTo(again);
    }

    @Test
    void should_refuse_an_avatar_for_a_user_that_does_not_exist_and_store_nothing() {
        long nobody = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);

        assertThatThrownBy(() -> store.putAvatar(nobody, JPEG, image(10)).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(ChatException.class,
                        e -> assertThat(e.error()).isEqualTo(ChatError.USER_NOT_FOUND));
        assertThat(store.avatar(nobody)).isEmpty();
        assertThat(store.deleteAvatar(nobody).join()).isFalse();
    }

    @Test
    void should_keep_each_users_avatar_apart() throws Exception {
        long ann = newUser();
        long bob = newUser();
        byte[] annImage = image(300);
        store.putAvatar(ann, JPEG, annImage).join();
        store.putAvatar(bob, JPEG, image(300)).join();

        store.deleteAvatar(bob).join();

        assertThat(store.avatar(ann).orElseThrow().image()).isEqualTo(annImage);
        assertThat(store.avatar(bob)).isEmpty();
    }

    @Test
    void should_give_distinct_increasing_versions_to_concurrent_uploads_and_keep_the_last() throws Exception {
        long user = newUser();
        List<CompletableFuture<Long>> puts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            puts.add(store.putAvatar(user, JPEG, image(50)));
        }
        List<Long> versions = puts.stream().map(CompletableFuture::join).toList();

        assertThat(versions).doesNotHaveDuplicates();
        long last = versions.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(store.avatar(user).orElseThrow().version()).isEqualTo(last);
        assertThat(profileAvatarVersion(user)).isEqualTo(last);
    }
}
