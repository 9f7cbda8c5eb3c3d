package io.cellchat.rpc.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.linecorp.armeria.server.Server;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.ChatRules;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.id.HighWaterMark;
import io.cellchat.domain.id.Sleeper;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.platform.sqlite.SqliteDatabase;
import io.cellchat.platform.sqlite.SqliteSettings;
import io.cellchat.rpc.RpcServers;
import io.cellchat.rpc.RpcSettings;
import io.cellchat.services.history.store.sqlite.SqliteChatLog;
import io.cellchat.services.history.store.sqlite.SqliteChatReader;
import io.cellchat.testing.contracts.ChatStoreContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole conversation contract with every read going over gRPC: the log writes to an embedded store, and the
 * reader is {@link GrpcChatReader} talking to a {@link HistoryGrpcService} over that store's reader. A remote reader
 * that passes it answers exactly as a local one: same pages, same refusals.
 */
class GrpcChatReaderTest extends ChatStoreContract {

    @TempDir
    Path folder;

    /** One server for the class (starting one per test costs more than the test); each test swaps its store in. */
    private static Server server;
    private static volatile ChatReader current;
    private SqliteDatabase database;

    @BeforeAll
    static void startTheHistoryRole() {
        ChatReader delegate = (ChatReader) Proxy.newProxyInstance(ChatReader.class.getClassLoader(),
                new Class<?>[] {ChatReader.class}, (proxy, method, args) -> {
                    try {
                        return method.invoke(current, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        server = Server.builder()
                .http(0)
                .gracefulShutdownTimeoutMillis(0, 0)
                .service(RpcServers.service(new HistoryGrpcService(delegate)))
                .build();
        server.start().join();
    }

    @AfterAll
    static void stopIt() {
        server.stop().join();
    }

    @Override
    protected ChatStore openStore(EventBus bus, Clock clock) {
        database = SqliteDatabase.open(SqliteSettings.defaults(folder.resolve("history.db")), new SimpleMeterRegistry());
        current = new SqliteChatReader(database);
        SqliteChatLog log = new SqliteChatLog(database, new ChatRules(ChatLimits.DEFAULTS),
                new SnowflakeIdGenerator(SnowflakeIdGenerator.Settings.of(0, 0), Clock.systemUTC(), Sleeper.system(),
                        HighWaterMark.inMemory()), clock, bus);
        return new ChatStore(log, new GrpcChatReader(settings(server, Duration.ofSeconds(20))));
    }

    @Override
    protected void closeStore() {
        database.close();
    }

    private static RpcSettings settings(Server server, Duration deadline) {
        return new RpcSettings(URI.create("http://127.0.0.1:" + server.activeLocalPort()), deadline);
    }

    @Test
    void should_refuse_a_malformed_conversation_id_at_the_history_role() {
        ChatException refused = catchThrowableOfType(ChatException.class,
                () -> reader.sync(alice, new ConversationId("d:2:1"), 0, 10));

        assertThat(refused.error()).isEqualTo(ChatError.INVALID_ARGUMENT);
        assertThat(refused.getMessage()).startsWith("conversation_id: d:2:1");
    }

    @Test
    void should_answer_unavailable_within_the_deadline_when_the_history_role_is_stopped() {
        Server own = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0)
                .service(RpcServers.service(new HistoryGrpcService(current))).build();
        own.start().join();
        // Long enough that a loaded machine refuses the connection within it (else the answer would be "did not
        // answer in time"), yet far below the 20 s the other tests allow.
        Duration deadline = Duration.ofSeconds(5);
        GrpcChatReader shortDeadline = new GrpcChatReader(settings(own, deadline));
        assertThat(shortDeadline.conversations(alice)).isEmpty();
        own.stop().join();

        long start = System.nanoTime();
        ChatException down = catchThrowableOfType(ChatException.class,
                () -> shortDeadline.memberIds(ConversationId.direct(alice, bob)));

        assertThat(down.error()).isEqualTo(ChatError.UNAVAILABLE);
        assertThat(down.getMessage()).isEqualTo("history service is unreachable; try again");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(deadline);
    }
}
