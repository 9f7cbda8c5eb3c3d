package io.cellchat.services.history.store.rocksdb;

import io.cellchat.platform.rocksdb.RocksSettings;
import io.cellchat.platform.rocksdb.RocksStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * The chat store of the single process: one RocksDB database with the chat tables, and the writer's conversation
 * cache. {@link RocksChatLog} writes it, {@link RocksChatReader} reads it; open it once and give both the same
 * instance.
 */
public final class RocksChatStore implements AutoCloseable {

    private final RocksStore rocks;
    private final ChatTables tables;
    private final ConversationCache cache;
    private final HeaderRuns runs;
    private final HeaderRows headers;

    private RocksChatStore(RocksStore rocks, ChatTables tables, ConversationCache cache, HeaderRuns runs) {
        this.rocks = rocks;
        this.tables = tables;
        this.cache = cache;
        this.runs = runs;
        this.headers = new HeaderRows(tables, runs);
    }

    /**
     * Opens (creating if needed) the store.
     *
     * @param cacheWeight the conversation cache's bound: conversations plus their members
     *     ({@code store.conversation-cache})
     */
    public static RocksChatStore open(RocksSettings settings, long cacheWeight, MeterRegistry metrics) {
        ConversationCache cache = new ConversationCache(cacheWeight);
        HeaderRuns runs = new HeaderRuns();
        RocksStore rocks = RocksStore.open(settings, ChatTables.TABLES, () -> forget(cache, runs), metrics);
        ChatTables tables = ChatTables.of(rocks);
        try {
            runs.start(rocks, tables.meta());
        } catch (RuntimeException e) {
            rocks.close();
            throw e;
        }
        Gauge.builder("cellchat.store.conversation.cache.weight", cache, ConversationCache::weight)
                .description("conversations plus members held by the writer's cache").register(metrics);
        Gauge.builder("cellchat.store.conversation.cache.hits", cache, ConversationCache::hits)
                .description("conversation states the writer found in its cache").register(metrics);
        Gauge.builder("cellchat.store.conversation.cache.misses", cache, ConversationCache::misses)
                .description("conversation states the writer read from the store").register(metrics);
        return new RocksChatStore(rocks, tables, cache, runs);
    }

    /**
     * Drops the writer's cache after a batch failed to commit or a command failed after writing its rows (the
     * writer rolls them back): some entries may describe writes that were never stored, and the header rows the
     * cache held behind are not written; the writer checks every row for the rest of the run ({@link HeaderRuns}).
     */
    void forget() {
        forget(cache, runs);
    }

    private static void forget(ConversationCache cache, HeaderRuns runs) {
        cache.clear();
        runs.loseTrack();
    }

    RocksStore rocks() {
        return rocks;
    }

    ChatTables tables() {
        return tables;
    }

    ConversationCache cache() {
        return cache;
    }

    HeaderRows headers() {
        return headers;
    }

    HeaderRuns runs() {
        return runs;
    }

    /** Waits until RocksDB owes no flush or compaction (bulk loads); see {@link RocksStore#awaitSettled}. */
    public void awaitSettled(Duration limit, LongConsumer progress) throws InterruptedException {
        rocks.awaitSettled(limit, progress);
    }

    public boolean isHealthy() {
        return rocks.isHealthy();
    }

    /**
     * Writes what is queued, and the header rows of the direct conversations the writer's cache holds ahead of them
     * (so that a restart finds them current; after a {@code kill -9} their first reads step back over their events
     * instead) with the run's end ({@link HeaderRuns}), then closes the database.
     */
    @Override
    public void close() {
        rocks.writer().submit(batch -> {
            cache.forEachAhead(headers.rewriter(batch));
            runs.close(batch);
            return null;
        }, ignored -> { });
        rocks.close();
    }
}
