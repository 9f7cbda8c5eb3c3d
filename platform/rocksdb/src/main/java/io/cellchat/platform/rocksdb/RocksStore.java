package io.cellchat.platform.rocksdb;

import io.cellchat.platform.observability.StoreMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompactionStyle;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.IndexType;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteBufferManager;

/**
 * One RocksDB database: named tables (column families) sharing one write-ahead log, one block cache and one memtable
 * budget; reads from consistent snapshots; and one {@link GroupCommitWriter} that owns every write.
 *
 * <p>Why these options (docs/design/storage.md has the measurements):
 * <ul>
 *   <li>every batch is written with {@code sync=true}: the WAL append is fsynced before the batch completes or
 *       becomes visible, so a completed write survives {@code kill -9} and power loss;</li>
 *   <li>leveled compaction with dynamic level sizes (universal for the small tables whose new keys fall all over
 *       them, {@link TableSpec.Compaction#UNIVERSAL}), LZ4 blocks of 16 KiB, a 10-bit Bloom filter per table file of
 *       the tables read by point lookups ({@link TableSpec#pointReads}):
 *       random point reads (idempotency keys, conversations) cost one block read at most, and a miss usually none;
 *       filters and indexes are partitioned (4 KiB, top level pinned), so a lookup reads a small partition through
 *       the block cache instead of a table file's whole filter, which a full filter of a 64 MiB file (about 1 MiB)
 *       costs every time the cache has let it go: with whole filters, writes slowed down as the history grew;
 *       the memtables have whole-key Bloom filters too, so a lookup of an absent key skips their skip lists;</li>
 *   <li>{@code bytes_per_sync} of 1 MiB: flushes and compactions write back in steps, not in bursts that stall the
 *       WAL's fsync;</li>
 *   <li>the memtable budget ({@code store.write-buffer}) bounds both memory and the WAL replayed after a crash
 *       ({@code max_total_wal_size}: a rarely written table's memtable cannot hold old logs back).</li>
 * </ul>
 */
public final class RocksStore implements AutoCloseable {

    static {
        RocksDB.loadLibrary();
    }

    private final RocksSettings settings;
    private final RocksDB db;
    private final DBOptions options;
    private final Collection<ColumnFamilyOptions> tableOptions;
    private final LRUCache cache;
    private final WriteBufferManager writeBuffers;
    private final Map<String, Table> tables;
    private final List<ColumnFamilyHandle> handles;
    /** The tables compacted by levels, whose "compaction pending" flag means a compaction will run. */
    private final List<ColumnFamilyHandle> leveled;
    private final GroupCommitWriter writer;

    private RocksStore(RocksSettings settings, RocksDB db, DBOptions options,
            Collection<ColumnFamilyOptions> tableOptions, LRUCache cache, WriteBufferManager writeBuffers,
            Map<String, Table> tables, List<ColumnFamilyHandle> handles, List<ColumnFamilyHandle> leveled,
            Runnable onFailedCommit, MeterRegistry metrics) {
        this.settings = settings;
        this.db = db;
        this.options = options;
        this.tableOptions = tableOptions;
        this.cache = cache;
        this.writeBuffers = writeBuffers;
        this.tables = tables;
        this.handles = handles;
        this.leveled = leveled;
        StoreMetrics meters = StoreMetrics.of(metrics, String.valueOf(settings.folder().getFileName()), "rocksdb");
        this.writer = new GroupCommitWriter(db, settings.maxBatch(), settings.maxQueued(), settings.commitLinger(),
                settings.writerNice(), onFailedCommit, meters);
        meters.size("live", () -> longProperty("rocksdb.estimate-live-data-size"));
        meters.size("memtables", () -> longProperty("rocksdb.cur-size-all-mem-tables"));
        meters.size("block_cache", cache::getUsage);
    }

    /** What sets a table's options apart: its insert hint, whether it has Bloom filters, its compaction. */
    private record OptionsKey(int insertHintPrefix, boolean pointReads, TableSpec.Compaction compaction) {

        static OptionsKey of(TableSpec table) {
            return new OptionsKey(table.insertHintPrefix(), table.pointReads(), table.compaction());
        }
    }

    /**
     * The options of every table whose inserts take hints by the first {@code insertHintPrefix} bytes (0: none), with
     * Bloom filters if it is read by point lookups, compacted as the key says.
     */
    private static ColumnFamilyOptions tableOptions(OptionsKey key, LRUCache cache, RocksSettings settings) {
        int insertHintPrefix = key.insertHintPrefix();
        // RocksJava has no setter for the hint's prefix extractor; the options string sets it.
        ColumnFamilyOptions options = insertHintPrefix == 0 ? new ColumnFamilyOptions()
                : ColumnFamilyOptions.getColumnFamilyOptionsFromProps(hinted(insertHintPrefix));
        if (options == null) {
            throw new StoreException("RocksDB refused the table options " + hinted(insertHintPrefix));
        }
        BlockBasedTableConfig files = new BlockBasedTableConfig()
                .setBlockCache(cache)
                .setBlockSize(16 * 1024)
                // Indexes (and filters) in 4 KiB partitions behind a pinned top level: a lookup of a key that is
                // absent (every new idempotency key) reads one small partition, never a whole table file's filter,
                // so its cost does not grow with the history stored.
                .setIndexType(IndexType.kTwoLevelIndexSearch)
                .setMetadataBlockSize(4096)
                .setCacheIndexAndFilterBlocks(true)
                .setCacheIndexAndFilterBlocksWithHighPriority(true)
                .setPinTopLevelIndexAndFilter(true)
                .setPinL0FilterAndIndexBlocksInCache(true)
                .setFormatVersion(5);
        if (key.pointReads()) {
            files.setFilterPolicy(new BloomFilter(10)).setPartitionFilters(true);
            // A Bloom filter over each memtable's whole keys (2% of its size): the writer's lookups of keys that
            // are absent (every new idempotency key, every new conversation) skip the memtables' skip lists as the
            // table files' filters let them skip the files. Memory only; the files are unchanged.
            options.setMemtablePrefixBloomSizeRatio(0.02).setMemtableWholeKeyFiltering(true);
        }
        if (key.compaction() == TableSpec.Compaction.UNIVERSAL) {
            // RocksDB's defaults otherwise: from the newest, sorted runs are merged while the next one is at most
            // the size of those before it together (size ratio 1%); the oldest is rewritten with the rest once they
            // hold twice its bytes (size amplification 200%); a merge is forced only beyond four runs (the level-0
            // trigger).
            options.setCompactionStyle(CompactionStyle.UNIVERSAL);
        } else {
            options.setLevelCompactionDynamicLevelBytes(true);
        }
        return options
                .setTableFormatConfig(files)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setWriteBufferSize(Math.max(4 << 20, settings.writeBufferBytes() / 4))
                .setTargetFileSizeBase(64L << 20);
    }

    private static Properties hinted(int insertHintPrefix) {
        Properties properties = new Properties();
        properties.setProperty("memtable_insert_with_hint_prefix_extractor",
                "rocksdb.FixedPrefix." + insertHintPrefix);
        return properties;
    }

    /**
     * Opens (creating if needed) the database and its tables, and starts its writer.
     *
     * @param tables the column families, created when missing
     * @param onFailedCommit called on the writer thread when a batch failed to commit, so callers can drop what they
     *     cached from it
     */
    public static RocksStore open(RocksSettings settings, List<TableSpec> tables, Runnable onFailedCommit,
            MeterRegistry metrics) {
        try {
            Files.createDirectories(settings.folder());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + settings.folder(), e);
        }
        LRUCache cache = new LRUCache(settings.blockCacheBytes());
        WriteBufferManager writeBuffers = new WriteBufferManager(settings.writeBufferBytes(), cache);
        DBOptions options = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setWriteBufferManager(writeBuffers)
                // The write-ahead log is shared by every table, and a file can go only once every table's writes
                // in it are flushed. A table written rarely (the user index once every conversation exists, the
                // member rows) kept its small memtable, and with it every log since: 2.7 GB of logs beside 723 MB
                // of table files after a 10-million-message preload, all replayed at start-up. Past this total
                // RocksDB flushes the tables that hold the oldest log, so the live logs stay about the memtable budget
                // (plus the retired ones kept for reuse, below).
                .setMaxTotalWalSize(settings.writeBufferBytes())
                .setMaxBackgroundJobs(2)
                // Table files are handed to the disk 512 KiB at a time, and each range is waited for before the
                // next is started (strict): a commit's fdatasync, which ext4 makes wait for the table data of its
                // journal transaction, finds at most about one range queued ahead of it, not the megabytes a flush
                // or compaction had written since.
                .setBytesPerSync(512 << 10)
                .setStrictBytesPerSync(true)
                // Logs whose writes are all flushed are reused, not deleted: writing over a file's existing
                // blocks, a commit's fdatasync changes no file size or extent, so it does not wait for the file
                // system's journal, which also carries the table files being flushed. Commits over 5.6 ms at
                // 10,000 msg/s fell from 364 to 146 and 208 in 20 s (docs/benchmarks.md). Each record names its
                // log, so replay stops at the first one left from the file's earlier life; point-in-time recovery
                // then keeps every record synced before it (docs/design/storage.md). Never combine with
                // disableWAL or WAL archiving (WAL_ttl_seconds, WAL_size_limit_MB), which turn recycling off.
                .setRecycleLogFileNum(4)
                .setMaxOpenFiles(1000)
                .setKeepLogFileNum(3)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
        Map<OptionsKey, ColumnFamilyOptions> tableOptions = new LinkedHashMap<>();
        try {
            OptionsKey plain = new OptionsKey(0, true, TableSpec.Compaction.LEVELED);
            tableOptions.put(plain, tableOptions(plain, cache, settings));
            for (TableSpec table : tables) {
                tableOptions.computeIfAbsent(OptionsKey.of(table), key -> tableOptions(key, cache, settings));
            }
            List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
            descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, tableOptions.get(plain)));
            for (TableSpec table : tables) {
                descriptors.add(new ColumnFamilyDescriptor(table.name().getBytes(StandardCharsets.UTF_8),
                        tableOptions.get(OptionsKey.of(table))));
            }
            List<ColumnFamilyHandle> handles = new ArrayList<>();
            RocksDB db = RocksDB.open(options, settings.folder().toString(), descriptors, handles);
            Map<String, Table> opened = new LinkedHashMap<>();
            List<ColumnFamilyHandle> leveled = new ArrayList<>(List.of(handles.getFirst()));
            for (int i = 0; i < tables.size(); i++) {
                TableSpec table = tables.get(i);
                opened.put(table.name(), new Table(table.name(), handles.get(i + 1)));
                if (table.compaction() == TableSpec.Compaction.LEVELED) {
                    leveled.add(handles.get(i + 1));
                }
            }
            return new RocksStore(settings, db, options, tableOptions.values(), cache, writeBuffers, opened, handles,
                    leveled, onFailedCommit, metrics);
        } catch (RocksDBException | RuntimeException e) {
            options.close();
            tableOptions.values().forEach(ColumnFamilyOptions::close);
            writeBuffers.close();
            cache.close();
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new StoreException("cannot open the store in " + settings.folder() + ": " + e.getMessage()
                    + (e.getMessage() != null && e.getMessage().contains("lock")
                            ? " (is another cellchat process using this data folder?)" : ""), e);
        }
    }

    public Table table(String name) {
        Table table = tables.get(name);
        if (table == null) {
            throw new IllegalArgumentException("table: " + name + " (expected one of " + tables.keySet() + ")");
        }
        return table;
    }

    /** Runs reads against one snapshot: everything they see was committed before it, nothing after. */
    public <T> T read(Function<Reads, T> reads) {
        Snapshot snapshot = db.getSnapshot();
        try (ReadOptions options = new ReadOptions().setSnapshot(snapshot)) {
            return reads.apply(new SnapshotReads(db, options));
        } finally {
            db.releaseSnapshot(snapshot);
        }
    }

    public GroupCommitWriter writer() {
        return writer;
    }

    /**
     * Whether the writer runs, its last commit did not fail, and the database reports no background error; for
     * readiness checks.
     */
    public boolean isHealthy() {
        return writer.isRunning() && !writer.isFailing() && longProperty("rocksdb.background-errors") == 0;
    }

    private long longProperty(String name) {
        try {
            return db.getLongProperty(name);
        } catch (RocksDBException e) {
            return -1;
        }
    }

    /**
     * Waits until RocksDB has no flush or compaction running or due, so that a bulk load leaves the store as a server
     * that wrote the same history over time would have it, not with its compactions still owed. RocksJava cannot
     * wait for that, so this polls RocksDB's flags every 500 ms; it counts the store settled once two polls in a row
     * found no work, since RocksDB reads its flags one by one and a compaction starting between two reads can hide
     * from one poll.
     *
     * @param progress called about every 10 s with the seconds waited so far
     * @throws StoreException if RocksDB reports a background error (it then stops its background work, and the
     *     flags would never clear), or still has work after {@code limit}
     */
    public void awaitSettled(Duration limit, LongConsumer progress) throws InterruptedException {
        long started = System.nanoTime();
        long reported = 0;
        int quiet = 0;
        while (true) {
            if (longProperty("rocksdb.background-errors") != 0) {
                throw new StoreException("RocksDB stopped its background work after an error (see "
                        + settings.folder().resolve("LOG") + ")");
            }
            quiet = compacting() ? 0 : quiet + 1;
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            if (seconds > limit.toSeconds()) {
                throw new StoreException("RocksDB still has flushes or compactions to run after " + limit.toSeconds()
                        + " s");
            }
            if (quiet == 2) {
                return;
            }
            if (seconds >= reported + 10) {
                reported = seconds;
                progress.accept(seconds);
            }
            Thread.sleep(500); // RocksDB's flags, polled: RocksJava has no call that waits for its compactions
        }
    }

    private boolean compacting() {
        try {
            if (db.getLongProperty("rocksdb.num-running-compactions") > 0
                    || db.getLongProperty("rocksdb.num-running-flushes") > 0) {
                return true;
            }
            for (ColumnFamilyHandle handle : handles) {
                if (db.getLongProperty(handle, "rocksdb.mem-table-flush-pending") > 0) {
                    return true;
                }
            }
            // A universal table's flag is set from four sorted runs on, but RocksDB merges four only if their sizes
            // call for it, and always beyond four: a table left with four runs would never clear it. For those
            // tables the running jobs above say it all, since RocksDB starts a merge that is due as soon as a flush or
            // compaction ends, and a job that is waiting for a thread keeps another one running.
            for (ColumnFamilyHandle handle : leveled) {
                if (db.getLongProperty(handle, "rocksdb.compaction-pending") > 0) {
                    return true;
                }
            }
            return false;
        } catch (RocksDBException e) {
            throw new StoreException("cannot read the compaction state: " + e.getMessage(), e);
        }
    }

    /** The table's files in level 0 (tests). */
    long levelZeroFiles(Table table) {
        try {
            return Long.parseLong(db.getProperty(table.handle(), "rocksdb.num-files-at-level0").strip());
        } catch (RocksDBException e) {
            throw new StoreException("cannot read the level-0 files of " + table.name() + ": " + e.getMessage(), e);
        }
    }

    /** Flushes every table's memtables to files and waits for it (tests). */
    void flush() {
        try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
            db.flush(wait, handles);
        } catch (RocksDBException e) {
            throw new StoreException("flush failed: " + e.getMessage(), e);
        }
    }

    /** The properties of the table's files, added up (tests). */
    String tableProperties(Table table) {
        try {
            return db.getProperty(table.handle(), "rocksdb.aggregated-table-properties");
        } catch (RocksDBException e) {
            throw new StoreException("cannot read the file properties of " + table.name() + ": " + e.getMessage(), e);
        }
    }

    public RocksSettings settings() {
        return settings;
    }

    /** Stops the writer after the queued writes (each already fsynced), then closes the database. */
    @Override
    public void close() {
        writer.close();
        for (ColumnFamilyHandle handle : handles) {
            handle.close();
        }
        db.close();
        options.close();
        tableOptions.forEach(ColumnFamilyOptions::close);
        writeBuffers.close();
        cache.close();
    }
}
