package io.cellchat.bench.load;

import io.cellchat.domain.chat.ChatCommand.PostMessage;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.chat.ChatLog;
import io.cellchat.domain.chat.ChatRules;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.MessageBody;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.id.IdGenerator;
import io.cellchat.domain.id.Sleeper;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.platform.rocksdb.RocksSettings;
import io.cellchat.platform.sqlite.FileHighWaterMark;
import io.cellchat.services.history.store.rocksdb.RocksChatLog;
import io.cellchat.services.history.store.rocksdb.RocksChatStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Fills a stopped Cellchat's data folder with history before a measurement: {@code messages} one-to-one messages of
 * 64 characters spread evenly over {@code conversations} conversations between the benchmark's own users (random
 * distinct pairs), appended round by round so that consecutive messages land in different conversations, as in
 * the peer workload. It writes through the same adapter, sequencer, store settings and ID generator (with the same
 * high-water mark file) as {@code cellchat dev}, in its own JVM while the server is down, at the store's full speed.
 */
final class Preloader {

    /** What the preload did, for the results file. */
    record Result(long messages, int conversations, double seconds, long historyBytes) {}

    private static final String TEXT = "x".repeat(64);
    private static final int IN_FLIGHT = 8_192;

    /** How long the preload waits for RocksDB's compactions before it gives up. */
    private static final Duration SETTLE_LIMIT = Duration.ofMinutes(30);

    private Preloader() {}

    static Result run(Path data, List<Long> userIds, long messages, int conversations) throws IOException {
        long[] pairs = pairs(userIds, conversations);
        long rounds = Math.max(1, messages / conversations);
        IdGenerator ids = new SnowflakeIdGenerator(SnowflakeIdGenerator.Settings.of(0, 0), Clock.systemUTC(),
                Sleeper.system(), new FileHighWaterMark(data.resolve("ids-worker-0")));
        long started = System.nanoTime();
        Progress progress = new Progress();
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        // A cache that holds every conversation (its header and two members): the preload visits them round-robin,
        // which a smaller LRU would miss every time, reading each one back from the store. The server measured
        // afterwards runs with its own, bounded cache.
        long cacheWeight = Math.max(200_000, 4L * conversations);
        try (RocksChatStore store = RocksChatStore.open(RocksSettings.defaults(data.resolve("history")), cacheWeight,
                new SimpleMeterRegistry())) {
            ChatLog log = new RocksChatLog(store, new ChatRules(ChatLimits.DEFAULTS), ids, Clock.systemUTC(),
                    new DiscardingBus());
            Semaphore window = new Semaphore(IN_FLIGHT);
            long sent = 0;
            for (long round = 0; round < rounds && failure.get() == null; round++) {
                for (int c = 0; c < pairs.length; c++) {
                    long a = pairs[c] >>> 32;
                    long b = pairs[c] & 0xFFFF_FFFFL;
                    long from = round % 2 == 0 ? userIds.get((int) a) : userIds.get((int) b);
                    ConversationId id = ConversationId.direct(userIds.get((int) a), userIds.get((int) b));
                    window.acquireUninterruptibly();
                    log.append(new CommandEnvelope(from, 0, "preload-" + sent, "preload-" + sent,
                                    new PostMessage(id, new MessageBody.Text(TEXT), 0)))
                            .whenComplete((appended, error) -> {
                                window.release();
                                if (error != null) {
                                    failure.compareAndSet(null, error);
                                }
                            });
                    sent++;
                    progress.tick("preload", sent, rounds * pairs.length, 0);
                }
            }
            window.acquireUninterruptibly(IN_FLIGHT);
            if (failure.get() != null) {
                throw new IllegalStateException("preload failed: " + failure.get(), failure.get());
            }
        }
        settle(data.resolve("history"));
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(rounds * pairs.length, pairs.length, seconds, size(data.resolve("history")));
    }

    /**
     * Opens the preloaded store again and waits until RocksDB owes no flush or compaction. A server that wrote this
     * history over days would have compacted it as it went; stopped with its compactions owed, the store made every
     * restore start with a rewrite of all events (30 to 62 s, docs/benchmarks.md, tenth round), measured as the first
     * steps of every preloaded run. Done after a reopen because closing the preload's store writes the header rows
     * of every conversation its cache held; the reopen replays and flushes them, and this store's cache is empty, so
     * its own open and close write only the store's run row (design/storage.md).
     */
    private static void settle(Path history) {
        try (RocksChatStore store = RocksChatStore.open(RocksSettings.defaults(history), 1_000,
                new SimpleMeterRegistry())) {
            store.awaitSettled(SETTLE_LIMIT, seconds -> Progress.line(
                    String.format("cellchat-preloaded: waiting for RocksDB's compactions (%d s)", seconds)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the preload's compactions ran", e);
        }
    }

    /** {@code count} distinct pairs of user indexes (a < b), each packed as {@code a << 32 | b}, shuffled. */
    private static long[] pairs(List<Long> userIds, int count) {
        int users = userIds.size();
        long possible = (long) users * (users - 1) / 2;
        if (count > possible) {
            throw new IllegalArgumentException("--preload-conversations: " + count + " (expected: <= " + possible
                    + ", the pairs of " + users + " users)");
        }
        long[] all = new long[(int) possible];
        int next = 0;
        for (long a = 0; a < users; a++) {
            for (long b = a + 1; b < users; b++) {
                all[next++] = a << 32 | b;
            }
        }
        Random random = new Random(42);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(all.length - i);
            long swap = all[i];
            all[i] = all[j];
            all[j] = swap;
        }
        return java.util.Arrays.copyOf(all, count);
    }

    static long size(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    /** Nobody is connected during a preload. */
    private static final class DiscardingBus implements EventBus {
        @Override
        public void publish(Delivery delivery) {
        }

        @Override
        public Subscription subscribe(Consumer<Delivery> subscriber) {
            return () -> { };
        }
    }
}
