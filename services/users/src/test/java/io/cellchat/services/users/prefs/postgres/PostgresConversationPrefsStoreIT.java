package io.cellchat.services.users.prefs.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.prefs.ConversationPrefsStore;
import io.cellchat.domain.prefs.PrefsChange;
import io.cellchat.platform.postgres.PostgresDataSources;
import io.cellchat.testing.contracts.ConversationPrefsStoreContract;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.PostgresNamespace;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The conversation settings contract on the real PostgreSQL 15, in a database of this class's own, plus the pin
 * limit under concurrent changes from two pools (two messaging servers).
 */
@EngineTest
class PostgresConversationPrefsStoreIT extends ConversationPrefsStoreContract {

    private final PostgresNamespace namespace;
    private HikariDataSource dataSource;
    private PostgresConversationPrefsStore postgres;

    PostgresConversationPrefsStoreIT(PostgresNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    protected ConversationPrefsStore openStore() {
        dataSource = PostgresDataSources.open(namespace.settings(), "prefs-test");
        postgres = new PostgresConversationPrefsStore(dataSource, 4);
        return postgres;
    }

    @Override
    protected void closeStore() {
        postgres.close();
        dataSource.close();
    }

    @Test
    void should_keep_the_pin_limit_when_two_servers_pin_at_once() {
        try (HikariDataSource other = PostgresDataSources.open(namespace.settings(), "prefs-test-2");
                PostgresConversationPrefsStore second = new PostgresConversationPrefsStore(other, 4)) {
            long user = 7_000_000 + System.nanoTime() % 1_000_000;
            List<CompletableFuture<?>> pins = IntStream.range(0, 12).<CompletableFuture<?>>mapToObj(i ->
                    (i % 2 == 0 ? postgres : second).apply(user, new PrefsChange(ConversationId.parse("g:" + (100 + i)),
                            Optional.of(true), Optional.empty(), OptionalLong.empty()), Instant.ofEpochMilli(1_000 + i), 5)
                            .exceptionally(refused -> null))
                    .toList();
            CompletableFuture.allOf(pins.toArray(CompletableFuture[]::new)).join();

            assertThat(store.all(user)).hasSize(5);
            assertThat(PostgresDataSources.migrate(dataSource, "prefs")).isZero();
        }
    }
}
