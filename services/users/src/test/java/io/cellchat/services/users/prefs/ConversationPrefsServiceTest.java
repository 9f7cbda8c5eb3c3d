package io.cellchat.services.users.prefs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.prefs.ConversationPrefs;
import io.cellchat.domain.prefs.PrefsChange;
import io.cellchat.platform.sqlite.SqliteDatabase;
import io.cellchat.platform.sqlite.SqliteSettings;
import io.cellchat.services.users.prefs.sqlite.SqliteConversationPrefsStore;
import io.cellchat.testing.contracts.RecordingEventBus;
import io.cellchat.testing.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversationPrefsServiceTest {

    private static final long ALICE = 11;
    private static final ConversationId GROUP = ConversationId.parse("g:500");

    @TempDir
    Path folder;

    private SqliteDatabase database;
    private final RecordingEventBus bus = new RecordingEventBus();
    private final ManualClock clock = new ManualClock(Instant.ofEpochMilli(1_000_000));
    private ConversationPrefsService service;

    @BeforeEach
    void open() {
        database = SqliteDatabase.open(SqliteSettings.defaults(folder.resolve("users.db")), new SimpleMeterRegistry());
        service = new ConversationPrefsService(new SqliteConversationPrefsStore(database), bus, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void should_push_the_new_settings_to_the_user_alone_once_stored() {
        ConversationPrefs pinned = service.change(ALICE, change(Optional.of(true), OptionalLong.empty())).join();

        assertThat(pinned.pinnedAtMs()).isEqualTo(1_000_000);
        assertThat(bus.published()).containsExactly(new Delivery(Set.of(ALICE), new Push.PrefsChanged(pinned)));
        assertThat(service.of(ALICE)).containsExactly(pinned);
    }

    @Test
    void should_store_a_mute_time_already_past_as_not_muted() {
        ConversationPrefs prefs = service.change(ALICE, change(Optional.empty(), OptionalLong.of(999_999))).join();

        assertThat(prefs.mutedUntilMs()).isZero();
        assertThat(service.of(ALICE)).isEmpty();
    }

    @Test
    void should_keep_a_mute_until_a_later_time_and_forever() {
        assertThat(service.change(ALICE, change(Optional.empty(), OptionalLong.of(2_000_000))).join().mutedUntilMs())
                .isEqualTo(2_000_000);
        assertThat(service.change(ALICE, change(Optional.empty(), OptionalLong.of(ConversationPrefs.MUTED_FOREVER)))
                .join().mutedUntilMs()).isEqualTo(ConversationPrefs.MUTED_FOREVER);
    }

    private static PrefsChange change(Optional<Boolean> pinned, OptionalLong mutedUntil) {
        return new PrefsChange(GROUP, pinned, Optional.empty(), mutedUntil);
    }
}
