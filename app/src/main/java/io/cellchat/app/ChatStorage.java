package io.cellchat.app;

import io.cellchat.domain.chat.ChatLog;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.ChatRules;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.id.IdGenerator;
import io.cellchat.platform.rocksdb.RocksSettings;
import io.cellchat.platform.sqlite.SqliteDatabase;
import io.cellchat.services.history.store.rocksdb.RocksChatLog;
import io.cellchat.services.history.store.rocksdb.RocksChatReader;
import io.cellchat.services.history.store.rocksdb.RocksChatStore;
import io.cellchat.services.history.store.rocksdb.SqliteHistoryImport;
import io.cellchat.services.history.store.sqlite.SqliteChatLog;
import io.cellchat.services.history.store.sqlite.SqliteChatReader;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the single process keeps conversations ({@code history.store}): RocksDB under {@code <data>/history} (the
 * default), or the 0.1 SQLite tables inside {@code cellchat.db} (kept as the measured alternative). Opening the
 * RocksDB store on a 0.1 data folder copies its SQLite history first, with a progress line, into a staging folder
 * that is renamed into place only once complete: a crash during the copy leaves the 0.1 data untouched and the copy
 * starts over at the next start.
 */
sealed interface ChatStorage extends AutoCloseable {

    Logger log = LoggerFactory.getLogger(ChatStorage.class);

    ChatLog log(ChatRules rules, IdGenerator ids, Clock clock, EventBus bus);

    ChatReader reader();

    boolean isHealthy();

    @Override
    void close();

    static ChatStorage open(Config config, Path dataDir, SqliteDatabase database, MeterRegistry metrics)
            throws IOException {
        if (config.choice("history.store").equals("sqlite")) {
            return new OnSqlite(database);
        }
        Path folder = dataDir.resolve("history");
        if (!Files.exists(folder) && SqliteHistoryImport.hasHistory(database)) {
            migrate(config, dataDir, database, folder);
        }
        return new OnRocks(RocksChatStore.open(settings(config, folder), config.integer("store.conversation-cache"),
                metrics));
    }

    private static RocksSettings settings(Config config, Path folder) {
        return new RocksSettings(folder, config.integer("store.max-batch"), config.integer("store.max-queued"),
                config.integer("store.block-cache-mib") * (1L << 20),
                config.integer("store.write-buffer-mib") * (1L << 20), config.duration("store.commit-linger"),
                config.integer("store.writer-nice"));
    }

    private static void migrate(Config config, Path dataDir, SqliteDatabase database, Path folder)
            throws IOException {
        Path staging = dataDir.resolve("history.migrating");
        deleteTree(staging);
        log.info("this data folder holds 0.1 history in cellchat.db (SQLite): copying it to {} (RocksDB) once;"
                + " cellchat.db is left as it was", folder);
        long started = System.nanoTime();
        try (RocksChatStore target = RocksChatStore.open(settings(config, staging), 1_000,
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
            SqliteHistoryImport.copy(database, target, line -> log.info("{}", line));
        }
        Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
        log.info("history migrated in {} s", (System.nanoTime() - started) / 1_000_000_000);
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Conversations in RocksDB. */
    record OnRocks(RocksChatStore store) implements ChatStorage {

        @Override
        public ChatLog log(ChatRules rules, IdGenerator ids, Clock clock, EventBus bus) {
            return new RocksChatLog(store, rules, ids, clock, bus);
        }

        @Override
        public ChatReader reader() {
            return new RocksChatReader(store);
        }

        @Override
        public boolean isHealthy() {
            return store.isHealthy();
        }

        @Override
        public void close() {
            store.close();
        }
    }

    /** Conversations in the accounts' SQLite database, as in 0.1; closed with it. */
    record OnSqlite(SqliteDatabase database) implements ChatStorage {

        @Override
        public ChatLog log(ChatRules rules, IdGenerator ids, Clock clock, EventBus bus) {
            return new SqliteChatLog(database, rules, ids, clock, bus);
        }

        @Override
        public ChatReader reader() {
            return new SqliteChatReader(database);
        }

        @Override
        public boolean isHealthy() {
            return database.isHealthy();
        }

        @Override
        public void close() {
            // the database closes with the accounts
        }
    }
}
