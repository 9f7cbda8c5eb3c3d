package io.cellchat.services.users.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.platform.server.RestErrors;
import io.cellchat.platform.sqlite.SqliteDatabase;
import io.cellchat.platform.sqlite.SqliteSettings;
import io.cellchat.services.users.store.AccountStore;
import io.cellchat.services.users.store.AccountStore.UserRecord;
import io.cellchat.services.users.store.AccountStoreContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The account store contract on the embedded adapter, a fresh SQLite file per test. */
class SqliteAccountStoreTest extends AccountStoreContract {

    @TempDir
    Path folder;

    private SqliteDatabase database;

    @Override
    protected AccountStore openStore() {
        database = SqliteDatabase.open(SqliteSettings.defaults(folder.resolve("users.db")), new SimpleMeterRegistry());
        return new SqliteAccountStore(database);
    }

    @Override
    protected void closeStore() {
        database.close();
    }

    /**
     * A write the database writer cannot take (its queue full, here one unit waiting behind a busy writer) is refused
     * as {@code UNAVAILABLE}, which the REST mapping answers with a retryable 503 and the writer's reason, not a 500;
     * nothing of it is stored, and the writer goes on.
     */
    @Test
    void should_refuse_a_write_the_writer_cannot_take_as_unavailable_and_store_none_of_it() throws Exception {
        SqliteSettings oneWaiting = new SqliteSettings(folder.resolve("busy.db"), 1, 1, 1, Duration.ofSeconds(5));
        try (SqliteDatabase busy = SqliteDatabase.open(oneWaiting, new SimpleMeterRegistry())) {
            AccountStore accounts = new SqliteAccountStore(busy);
            CountDownLatch running = new CountDownLatch(1);
            CompletableFuture<Void> gate = new CompletableFuture<>();
            CompletableFuture<Void> holding = busy.writer().submit(connection -> {
                running.countDown();
                return gate.join();
            }, ignored -> { });
            List<UserRecord> users = List.of(user(1, "queued", "Queued"), user(2, "refused", "Refused"));
            List<CompletableFuture<Void>> inserts = new ArrayList<>();
            ChatException refusal;
            try {
                assertThat(running.await(10, TimeUnit.SECONDS)).as("the writer runs the blocking unit").isTrue();
                users.forEach(user -> inserts.add(accounts.insertUser(user)));
                refusal = refused(inserts.get(1));
            } finally {
                gate.complete(null);
            }
            written(holding);
            written(inserts.getFirst());

            assertThat(refusal.error()).isEqualTo(ChatError.UNAVAILABLE);
            assertThat(refusal).hasMessage("the database writer has 1 units waiting (sqlite.max-queued); try again");
            AggregatedHttpResponse answer = RestErrors.response(inserts.get(1).handle((ok, e) -> e).join())
                    .aggregate().join();
            assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(answer.contentUtf8()).contains("\"UNAVAILABLE\"", "sqlite.max-queued");
            assertThat(accounts.user(users.getFirst().id())).contains(users.getFirst());
            assertThat(accounts.user(users.get(1).id())).as("nothing of the refused write").isEmpty();
            UserRecord after = user(3, "after", "After");
            written(accounts.insertUser(after));
            assertThat(accounts.user(after.id())).contains(after);
        }
    }
}
