package io.cellchat.platform.rocksdb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's writer and reads on a real RocksDB in a temporary folder. */
class RocksStoreTest {

    @TempDir
    Path folder;

    private RocksStore open() {
        return RocksStore.open(RocksSettings.defaults(folder.resolve("db")), List.of(TableSpec.of("things")), () -> { },
                new SimpleMeterRegistry());
    }

    @Test
    void should_complete_writes_in_order_and_read_them_back_after_a_reopen() {
        List<String> published = new CopyOnWriteArrayList<>();
        List<CompletableFuture<String>> writes = new ArrayList<>();
        try (RocksStore store = open()) {
            Table things = store.table("things");
            for (int i = 0; i < 500; i++) {
                String key = String.format("k%04d", i);
                writes.add(store.writer().submit(batch -> {
                    batch.put(things, bytes(key), bytes("v" + key));
                    return key;
                }, published::add));
            }
            writes.forEach(CompletableFuture::join);
        }
        assertThat(published).hasSize(500).isSorted();
        try (RocksStore store = open()) {
            Table things = store.table("things");
            List<String> keys = new ArrayList<>();
            store.read(reads -> {
                reads.forward(things, bytes("k0100"), bytes("k0105"), (key, value) -> keys.add(string(key)));
                return null;
            });
            assertThat(keys).containsExactly("k0100", "k0101", "k0102", "k0103", "k0104");
            String last = store.read(reads -> string(reads.get(things, bytes("k0499"))));
            assertThat(last).isEqualTo("vk0499");
            List<String> backwards = new ArrayList<>();
            store.read(reads -> {
                reads.backward(things, bytes("k0100"), bytes("k0103"), (key, value) -> backwards.add(string(key)));
                return null;
            });
            assertThat(backwards).containsExactly("k0102", "k0101", "k0100");
        }
    }

    /** Writes keys {@code k000000} onwards, each with {@code value} and its number, 200 to a batch. */
    private static void writeNumbered(RocksStore store, Table things, int keys, String value) {
        List<CompletableFuture<Integer>> writes = new ArrayList<>();
        for (int from = 0; from < keys; from += 200) {
            int first = from;
            writes.add(store.writer().submit(batch -> {
                for (int i = first; i < first + 200; i++) {
                    batch.put(things, bytes(String.format("k%06d", i)), bytes(value + i));
                }
                return first;
            }, written -> { }));
        }
        writes.forEach(CompletableFuture::join);
    }

    @Test
    void should_owe_no_compaction_once_its_flushes_and_compactions_ran() throws Exception {
        // 4 MiB memtables: 24 MB of writes make about six level-0 files, and four are enough to owe a compaction.
        RocksSettings small = new RocksSettings(folder.resolve("settling"), 1024, 20_000, 8L << 20, 4L << 20,
                Duration.ZERO, 0);
        try (RocksStore store = RocksStore.open(small, List.of(TableSpec.of("things")), () -> { },
                new SimpleMeterRegistry())) {
            Table things = store.table("things");
            String value = "v".repeat(1_000);
            writeNumbered(store, things, 24_000, value);
            store.awaitSettled(Duration.ofSeconds(60), seconds -> { });
            assertThat(store.levelZeroFiles(things)).isLessThan(4);
            String last = store.read(reads -> string(reads.get(things, bytes("k023999"))));
            assertThat(last).isEqualTo(value + 23_999);
        }
    }

    @Test
    void should_write_bloom_filters_only_for_tables_read_by_point_lookups() throws Exception {
        RocksSettings small = new RocksSettings(folder.resolve("filters"), 1024, 20_000, 8L << 20, 4L << 20,
                Duration.ZERO, 0);
        try (RocksStore store = RocksStore.open(small, List.of(new TableSpec("looked_up", 0),
                new TableSpec("scanned", 0, false)), () -> { }, new SimpleMeterRegistry())) {
            String value = "v".repeat(1_000);
            writeNumbered(store, store.table("looked_up"), 16_000, value);
            writeNumbered(store, store.table("scanned"), 16_000, value);
            store.flush();

            assertThat(store.tableProperties(store.table("looked_up"))).as("flushed, with filters")
                    .doesNotContain("filter block size=0;").contains("filter block size=");
            assertThat(store.tableProperties(store.table("scanned"))).as("flushed, without filters")
                    .contains("filter block size=0;").doesNotContain("# entries=0;");
            List<String> scanned = store.read(reads -> {
                List<String> keys = new ArrayList<>();
                reads.forward(store.table("scanned"), bytes("k015998"), bytes("k017"), (key, ignored) -> {
                    keys.add(string(key));
                    return true;
                });
                return keys;
            });
            assertThat(scanned).containsExactly("k015998", "k015999");
            String first = store.read(reads -> string(reads.get(store.table("scanned"), bytes("k000001"))));
            assertThat(first).as("a point lookup still works, without a filter").isEqualTo(value + 1);
        }
    }

    @Test
    void should_run_each_table_with_the_compaction_its_spec_names() throws Exception {
        Path db = folder.resolve("styles");
        RocksStore.open(RocksSettings.defaults(db), List.of(new TableSpec("leveled", 4),
                new TableSpec("universal", 4).universal()), () -> { }, new SimpleMeterRegistry()).close();
        String options = newestOptions(db);
        assertThat(section(options, "leveled")).contains("compaction_style=kCompactionStyleLevel")
                .contains("level_compaction_dynamic_level_bytes=true");
        assertThat(section(options, "universal")).contains("compaction_style=kCompactionStyleUniversal");
    }

    @Test
    void should_count_a_universal_table_settled_at_four_sorted_runs_that_no_rule_merges() throws Exception {
        try (RocksStore store = RocksStore.open(RocksSettings.defaults(folder.resolve("runs")),
                List.of(TableSpec.of("universal").universal()), () -> { }, new SimpleMeterRegistry())) {
            Table table = store.table("universal");
            // Four flushes, each under a third of the one before: no run is the size of the newer ones together, and
            // they hold far less than twice the oldest, so RocksDB merges none, though its "compaction pending"
            // flag is set from four runs on.
            int from = 0;
            for (int keys : new int[] {8_000, 2_000, 500, 120}) {
                writeRandom(store, table, from, keys);
                from += keys;
                store.flush();
            }
            store.awaitSettled(Duration.ofSeconds(20), seconds -> { });
            String last = store.read(reads -> string(reads.get(table, bytes("k010619"))));
            assertThat(last).hasSize(200);
        }
    }

    /** Writes keys {@code k<from>} onwards, each with 200 random letters, which LZ4 cannot shrink much. */
    private static void writeRandom(RocksStore store, Table table, int from, int keys) {
        Random random = new Random(from);
        store.writer().submit(batch -> {
            for (int i = from; i < from + keys; i++) {
                StringBuilder value = new StringBuilder(200);
                random.ints(200, 'a', 'z' + 1).forEach(c -> value.append((char) c));
                batch.put(table, bytes(String.format("k%06d", i)), bytes(value.toString()));
            }
            return null;
        }, ignored -> { }).join();
    }

    /**
     * The options RocksDB runs the database with: it writes them, one section per table, to OPTIONS-<number> at each
     * open, and the highest number is the newest.
     */
    private static String newestOptions(Path db) throws IOException {
        try (var files = Files.list(db)) {
            return Files.readString(files.filter(file -> file.getFileName().toString().startsWith("OPTIONS-"))
                    .max(Comparator.comparing(Path::toString)).orElseThrow());
        }
    }

    /** The lines of one table's section of a RocksDB options file. */
    private static String section(String options, String table) {
        int start = options.indexOf("[CFOptions \"" + table + "\"]");
        assertThat(start).as("section of " + table).isNotNegative();
        int end = options.indexOf("\n[", start + 1);
        return options.substring(start, end < 0 ? options.length() : end);
    }

    @Test
    void should_recycle_its_write_ahead_logs_and_replay_a_recycled_one_after_a_reopen() throws Exception {
        // 4 MiB memtables and 4 MiB of logs: 24 MB of writes fill and retire several logs, which are then reused.
        RocksSettings small = new RocksSettings(folder.resolve("db"), 1024, 20_000, 8L << 20, 4L << 20, Duration.ZERO,
                0);
        String value = "v".repeat(1_000);
        int keys = 24_000;
        try (RocksStore store = RocksStore.open(small, List.of(TableSpec.of("things")), () -> { },
                new SimpleMeterRegistry())) {
            writeNumbered(store, store.table("things"), keys, value);
        }
        assertThat(newestOptions(folder.resolve("db"))).contains("recycle_log_file_num=4")
                .contains("wal_recovery_mode=kPointInTimeRecovery").contains("bytes_per_sync=524288")
                .contains("strict_bytes_per_sync=true");
        try (RocksStore store = RocksStore.open(small, List.of(TableSpec.of("things")), () -> { },
                new SimpleMeterRegistry())) {
            Table things = store.table("things");
            int[] count = {0};
            store.read(reads -> {
                reads.forward(things, bytes("k"), bytes("l"), (key, stored) -> {
                    count[0]++;
                    return true;
                });
                return null;
            });
            assertThat(count[0]).isEqualTo(keys);
            String last = store.read(reads -> string(reads.get(things, bytes("k023999"))));
            assertThat(last).isEqualTo(value + 23_999);
        }
    }

    @Test
    void should_let_a_unit_see_the_writes_before_it_and_drop_a_failed_unit_alone() {
        try (RocksStore store = open()) {
            Table things = store.table("things");
            CompletableFuture<Void> first = store.writer().submit(batch -> {
                batch.put(things, bytes("a"), bytes("1"));
                return null;
            }, ignored -> { });
            CompletableFuture<Void> failing = store.writer().submit(batch -> {
                batch.put(things, bytes("b"), bytes("2"));
                throw new IllegalArgumentException("refused");
            }, ignored -> { });
            CompletableFuture<String> third = store.writer().submit(batch -> {
                List<String> seen = new ArrayList<>();
                batch.forward(things, bytes("a"), bytes("z"), (key, value) -> seen.add(string(key)));
                batch.put(things, bytes("c"), bytes("3"));
                List<String> backwards = new ArrayList<>();
                batch.backward(things, bytes("a"), bytes("z"), (key, value) -> backwards.add(string(key)));
                return String.join(",", seen) + "|" + (batch.get(things, bytes("b")) == null) + "|"
                        + String.join(",", backwards);
            }, ignored -> { });

            first.join();
            assertThatThrownBy(failing::join).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(IllegalArgumentException.class);
            assertThat(third.join()).isEqualTo("a|true|c,a");
            byte[] b = store.read(reads -> reads.get(things, bytes("b")));
            assertThat(b).isNull();
            String c = store.read(reads -> string(reads.get(things, bytes("c"))));
            assertThat(c).isEqualTo("3");
        }
    }

    @Test
    void should_run_its_writer_and_publisher_at_the_cpu_priority_they_are_given() throws Exception {
        // Whether this process may raise a thread's priority that far (CAP_SYS_NICE or RLIMIT_NICE), asked of a
        // thread of its own, so that the store's writer is checked wherever it can be.
        boolean permitted = CompletableFuture.supplyAsync(
                () -> ThreadNice.set(RocksSettings.DEFAULT_WRITER_NICE).isEmpty(),
                task -> Thread.ofPlatform().start(task)).join();
        assumeTrue(permitted, "this process may not raise a thread's CPU priority");
        int before = ThreadNice.current();
        try (RocksStore store = open()) {
            CompletableFuture<Integer> publisher = new CompletableFuture<>();
            int writer = store.writer().submit(batch -> niceHere(), ignored -> publisher.complete(niceHere())).join();

            assertThat(writer).as("the writer's nice, by default").isEqualTo(RocksSettings.DEFAULT_WRITER_NICE);
            assertThat(publisher.join()).as("the publisher's").isEqualTo(RocksSettings.DEFAULT_WRITER_NICE);
            assertThat(ThreadNice.current()).as("the caller's nice is its own").isEqualTo(before);
        }
    }

    @Test
    void should_leave_its_threads_at_the_opener_s_cpu_priority_when_told_to() throws Exception {
        RocksSettings unchanged = new RocksSettings(folder.resolve("unchanged"), 1024, 20_000, 8L << 20, 4L << 20,
                Duration.ZERO, 0);
        try (RocksStore store = RocksStore.open(unchanged, List.of(TableSpec.of("things")), () -> { },
                new SimpleMeterRegistry())) {
            int opener = ThreadNice.current();
            CompletableFuture<Integer> publisher = new CompletableFuture<>();
            assertThat(store.writer().submit(batch -> niceHere(), ignored -> publisher.complete(niceHere())).join())
                    .isEqualTo(opener);
            assertThat(publisher.join()).isEqualTo(opener);
        }
    }

    private static int niceHere() {
        try {
            return ThreadNice.current();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void should_read_one_snapshot_while_writes_commit() {
        try (RocksStore store = open()) {
            Table things = store.table("things");
            store.writer().submit(batch -> {
                batch.put(things, bytes("x"), bytes("old"));
                return null;
            }, ignored -> { }).join();

            String seen = store.read(reads -> {
                String before = string(reads.get(things, bytes("x")));
                store.writer().submit(batch -> {
                    batch.put(things, bytes("x"), bytes("new"));
                    batch.put(things, bytes("y"), bytes("new"));
                    return null;
                }, ignored -> { }).join();
                List<String> keys = new ArrayList<>();
                reads.forward(things, bytes("a"), bytes("z"), (key, value) -> keys.add(string(key)));
                return before + "," + string(reads.get(things, bytes("x"))) + "," + keys;
            });

            assertThat(seen).isEqualTo("old,old,[x]");
            String x = store.read(reads -> string(reads.get(things, bytes("x"))));
            assertThat(x).isEqualTo("new");
        }
    }

    @Test
    void should_keep_every_key_in_order_in_a_table_whose_inserts_take_hints_shorter_keys_too() {
        List<String> written = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 2_000; i++) {
            // groups of the 4-byte hint prefix, keys longer than it, and a few shorter ones (no hint)
            written.add(i % 100 == 0 ? "k" + (i / 100) : String.format("g%03d-%05d", random.nextInt(50), i));
        }
        List<TableSpec> tables = List.of(new TableSpec("hinted", 4));
        try (RocksStore store = RocksStore.open(RocksSettings.defaults(folder.resolve("hinted")), tables, () -> { },
                new SimpleMeterRegistry())) {
            Table hinted = store.table("hinted");
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (String key : written) {
                writes.add(store.writer().submit(batch -> {
                    batch.put(hinted, bytes(key), bytes("v" + key));
                    return null;
                }, ignored -> { }));
            }
            writes.forEach(CompletableFuture::join);
            List<String> keys = new ArrayList<>();
            store.read(reads -> {
                reads.forward(hinted, bytes(""), bytes("~"), (key, value) -> keys.add(string(key)));
                return null;
            });
            assertThat(keys).containsExactlyElementsOf(new java.util.TreeSet<>(written));
            String short3 = store.read(reads -> string(reads.get(hinted, bytes("k3"))));
            assertThat(short3).isEqualTo("vk3");
        }
    }

    @Test
    void should_refuse_work_beyond_the_queue_bound() {
        RocksSettings tiny = new RocksSettings(folder.resolve("small"), 1, 1, 1 << 20, 4 << 20, Duration.ZERO, 0);
        try (RocksStore store = RocksStore.open(tiny, List.of(TableSpec.of("things")), () -> { },
                new SimpleMeterRegistry())) {
            CompletableFuture<Void> gate = new CompletableFuture<>();
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                writes.add(store.writer().submit(batch -> {
                    gate.join();
                    return null;
                }, ignored -> { }));
            }
            gate.complete(null);
            assertThat(writes).anySatisfy(write -> assertThatThrownBy(write::join).cause()
                    .isInstanceOfSatisfying(ChatException.class, e -> {
                        assertThat(e.error()).as("retryable").isEqualTo(ChatError.UNAVAILABLE);
                        assertThat(e).hasMessage("the store writer has 1 units waiting (store.max-queued); try again");
                    }));
        }
    }

    @Test
    void should_linger_for_more_units_only_while_units_keep_coming() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (RocksStore store = lingering("lingering", metrics)) {
            Table things = store.table("things");
            CompletableFuture<Void> taken = new CompletableFuture<>();
            CompletableFuture<Void> gate = new CompletableFuture<>();
            CompletableFuture<Void> lone = gated(store, taken, gate);
            taken.join();
            List<CompletableFuture<Void>> queued = List.of(put(store, things, "a"), put(store, things, "b"));
            gate.complete(null);
            lone.join();
            queued.forEach(CompletableFuture::join);
            List<Number> before = batchSizes(metrics);

            // The batch before held two units, so the writer waits the linger (50 ms) with the next one for company:
            // a unit sent once it holds that one shares its batch (without the linger it would be written alone).
            CompletableFuture<Void> c = put(store, things, "c");
            awaitTaken(store.writer());
            CompletableFuture<Void> d = put(store, things, "d");
            c.join();
            d.join();
            assertThat(before).as("a lone unit, then two queued ones: batches, units").containsExactly(2L, 3.0);
            assertThat(batchSizes(metrics)).containsExactly(3L, 5.0);
        }
    }

    @Test
    void should_not_linger_when_a_batch_worth_committing_is_already_waiting() {
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        try (RocksStore store = lingering("behind", metrics)) {
            Table things = store.table("things");
            CompletableFuture<Void> firstTaken = new CompletableFuture<>();
            CompletableFuture<Void> firstGate = new CompletableFuture<>();
            CompletableFuture<Void> first = gated(store, firstTaken, firstGate);
            firstTaken.join();
            CompletableFuture<Void> secondTaken = new CompletableFuture<>();
            CompletableFuture<Void> secondGate = new CompletableFuture<>();
            CompletableFuture<Void> second = gated(store, secondTaken, secondGate);
            CompletableFuture<Void> c = put(store, things, "c");
            firstGate.complete(null);
            secondTaken.join(); // the writer holds a batch of two (second, c): it is busy, so it would linger next

            // A writer that is behind: a batch worth committing waits, so it commits at once.
            List<CompletableFuture<Void>> behind = new ArrayList<>();
            for (int i = 0; i < GroupCommitWriter.LINGER_ENOUGH; i++) {
                behind.add(put(store, things, "behind-" + i));
            }
            secondGate.complete(null);
            first.join();
            second.join();
            c.join();
            behind.forEach(CompletableFuture::join);

            assertThat(store.writer().lingers()).as("never waited for more").isZero();
            assertThat(batchSizes(metrics)).as("batches, units")
                    .containsExactly(3L, 3.0 + GroupCommitWriter.LINGER_ENOUGH);
        }
    }

    /** A store whose writer lingers as long as it may (50 ms), with one table, "things". */
    private RocksStore lingering(String name, SimpleMeterRegistry metrics) {
        RocksSettings settings = new RocksSettings(folder.resolve(name), 1024, 20_000, 8L << 20, 4L << 20,
                RocksSettings.MAX_COMMIT_LINGER, 0);
        return RocksStore.open(settings, List.of(TableSpec.of("things")), () -> { }, metrics);
    }

    private static CompletableFuture<Void> gated(RocksStore store, CompletableFuture<Void> taken,
            CompletableFuture<Void> gate) {
        return store.writer().submit(batch -> {
            taken.complete(null);
            gate.join();
            return null;
        }, ignored -> { });
    }

    private static CompletableFuture<Void> put(RocksStore store, Table table, String key) {
        return store.writer().submit(batch -> {
            batch.put(table, bytes(key), bytes(key));
            return null;
        }, ignored -> { });
    }

    /** Waits until the writer has taken every unit queued. */
    private static void awaitTaken(GroupCommitWriter writer) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (writer.queued() > 0) {
            assertThat(System.nanoTime()).as("the writer takes the unit queued").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    /** How many batches were committed, and how many units they held together. */
    private static List<Number> batchSizes(SimpleMeterRegistry metrics) {
        var summary = metrics.get("cellchat.store.batch").summary();
        return List.of(summary.count(), summary.totalAmount());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static String string(byte[] bytes) {
        return new String(bytes, UTF_8);
    }
}
