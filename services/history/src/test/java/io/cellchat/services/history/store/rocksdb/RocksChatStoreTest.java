package io.cellchat.services.history.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.domain.chat.ChatCommand.CreateGroup;
import io.cellchat.domain.chat.ChatCommand.DeleteMessage;
import io.cellchat.domain.chat.ChatCommand.EditMessage;
import io.cellchat.domain.chat.ChatCommand.MarkReceipt;
import io.cellchat.domain.chat.ChatCommand.PostMessage;
import io.cellchat.domain.chat.ChatCommand.React;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.chat.ChatLog;
import io.cellchat.domain.chat.ChatLog.Appended;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.ChatReader.ConversationSummary;
import io.cellchat.domain.chat.ChatReader.SyncPage;
import io.cellchat.domain.chat.ChatRules;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationKind;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.MessageBody;
import io.cellchat.domain.chat.ReceiptKind;
import io.cellchat.domain.chat.Role;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.id.HighWaterMark;
import io.cellchat.domain.id.IdGenerator;
import io.cellchat.domain.id.Sleeper;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.platform.rocksdb.RocksSettings;
import io.cellchat.testing.contracts.ChatStoreContract;
import io.cellchat.testing.contracts.RecordingEventBus;
import io.cellchat.testing.files.FileSizeLimit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conversation contract on the RocksDB adapters, a fresh store per test; and their durability. */
class RocksChatStoreTest extends ChatStoreContract {

    @TempDir
    Path folder;

    private final IdGenerator ids = new SnowflakeIdGenerator(SnowflakeIdGenerator.Settings.of(0, 0),
            Clock.systemUTC(), Sleeper.system(), HighWaterMark.inMemory());
    private RocksChatStore opened;

    @Override
    protected ChatStore openStore(EventBus bus, Clock clock) {
        opened = open(folder.resolve("contract"), 100_000);
        return store(opened, bus, clock);
    }

    @Override
    protected void closeStore() {
        opened.close();
    }

    private static RocksChatStore open(Path path, long cacheWeight) {
        return RocksChatStore.open(RocksSettings.defaults(path), cacheWeight, new SimpleMeterRegistry());
    }

    private ChatStore store(RocksChatStore on, EventBus bus, Clock clock) {
        return new ChatStore(new RocksChatLog(on, new ChatRules(ChatLimits.DEFAULTS), ids, clock, bus),
                new RocksChatReader(on));
    }

    @Test
    void should_open_a_direct_conversation_without_member_rows_and_write_one_when_a_receipt_moves() {
        Path path = folder.resolve("implicit-members");
        ConversationId direct = ConversationId.direct(alice, bob);
        try (RocksChatStore rocks = open(path, 100_000)) {
            ChatStore store = store(rocks, new RecordingEventBus(), clock);
            assertThat(store.reader().memberIds(direct)).as("not created yet").isEmpty();

            succeeded(store.log().append(envelope(alice, post(direct, "hi"))));

            assertThat(memberRows(rocks, direct)).isZero();
            assertThat(store.reader().memberIds(direct)).containsExactlyInAnyOrder(alice, bob);
            assertThat(store.reader().sync(bob, direct, 0, ChatReader.MAX_PAGE).members())
                    .containsExactly(Member.joined(Math.min(alice, bob), Role.MEMBER),
                            Member.joined(Math.max(alice, bob), Role.MEMBER));
            assertThat(store.reader().conversations(bob)).extracting(ConversationSummary::self)
                    .containsExactly(Member.joined(bob, Role.MEMBER));

            succeeded(store.log().append(envelope(bob, new MarkReceipt(direct, ReceiptKind.SEEN, 1))));

            assertThat(memberRows(rocks, direct)).isOne();
            assertThat(store.reader().sync(alice, direct, 0, ChatReader.MAX_PAGE).members())
                    .contains(new Member(bob, Role.MEMBER, 1, 1), Member.joined(alice, Role.MEMBER));
        }
        try (RocksChatStore reopened = open(path, 100_000)) { // an empty cache: the writer reads the rows back
            ChatStore store = store(reopened, new RecordingEventBus(), clock);
            assertThat(succeeded(store.log().append(envelope(bob, post(direct, "again")))).seq()).isEqualTo(2);
            assertThat(store.reader().conversations(bob)).extracting(ConversationSummary::self)
                    .containsExactly(new Member(bob, Role.MEMBER, 1, 1));
        }
    }

    @Test
    void should_write_a_direct_conversations_header_once_and_read_its_end_from_its_last_event() {
        Path path = folder.resolve("direct-header");
        ConversationId direct = ConversationId.direct(alice, bob);
        Instant created = clock.instant();
        try (RocksChatStore rocks = open(path, 100_000)) {
            ChatStore store = store(rocks, new RecordingEventBus(), clock);
            succeeded(store.log().append(envelope(alice, post(direct, "first"))));
            clock.advance(Duration.ofMinutes(1));
            succeeded(store.log().append(envelope(bob, post(direct, "second"))));
            clock.advance(Duration.ofMinutes(1));
            succeeded(store.log().append(envelope(alice, post(direct, "third"))));

            assertThat(headerRow(rocks, direct)).as("written when the conversation was created")
                    .extracting(Rows.Header::lastSeq, Rows.Header::lastActivity).containsExactly(1L, created);
            ConversationSummary summary = store.reader().conversations(bob).getFirst();
            assertThat(summary.lastSeq()).isEqualTo(3);
            assertThat(summary.lastActivity()).isEqualTo(clock.instant());
            assertThat(store.reader().sync(bob, direct, 1, ChatReader.MAX_PAGE).lastSeq()).isEqualTo(3);
            assertThat(store.reader().history(bob, direct, 0, 1).lastSeq()).isEqualTo(3);
        }
        try (RocksChatStore reopened = open(path, 100_000)) {
            assertThat(headerRow(reopened, direct)).as("written again when the store closed")
                    .extracting(Rows.Header::lastSeq, Rows.Header::lastActivity).containsExactly(3L, clock.instant());
            Rows.Header asCreated = new Rows.Header(ConversationKind.DIRECT, "", 1, 2, created);
            reopened.rocks().writer().submit(batch -> { // as a kill -9 leaves it
                batch.put(reopened.tables().conversations(), Keys.conversation(direct), asCreated.encode());
                return null;
            }, ignored -> { }).join();
            ChatStore store = store(reopened, new RecordingEventBus(), clock);
            assertThat(store.reader().conversations(alice).getFirst().lastSeq()).isEqualTo(3);
            clock.advance(Duration.ofMinutes(1));

            assertThat(succeeded(store.log().append(envelope(bob, post(direct, "fourth")))).seq())
                    .as("found by the step back over the events").isEqualTo(4);
            assertThat(store.reader().conversations(alice).getFirst())
                    .extracting(ConversationSummary::lastSeq, ConversationSummary::lastActivity)
                    .containsExactly(4L, clock.instant());
            assertThat(headerRow(reopened, direct)).isEqualTo(asCreated);
        }
    }

    @Test
    void should_write_a_direct_conversations_header_again_when_the_cache_drops_it() {
        try (RocksChatStore rocks = open(folder.resolve("dropped"), 3 * 4)) { // one set of four plain direct ones
            ChatStore store = store(rocks, new RecordingEventBus(), clock);
            ConversationId direct = ConversationId.direct(alice, bob);
            succeeded(store.log().append(envelope(alice, post(direct, "first"))));
            clock.advance(Duration.ofMinutes(1));
            succeeded(store.log().append(envelope(bob, post(direct, "second"))));
            Instant second = clock.instant();
            assertThat(headerRow(rocks, direct).lastSeq()).isEqualTo(1);

            for (long other = 1_000; other < 1_004; other++) {
                clock.advance(Duration.ofMinutes(1));
                succeeded(store.log().append(envelope(alice, post(ConversationId.direct(alice, other), "hi"))));
            }

            assertThat(rocks.cache().get(direct)).as("dropped").isNull();
            assertThat(headerRow(rocks, direct)).extracting(Rows.Header::lastSeq, Rows.Header::lastActivity)
                    .containsExactly(2L, second);
            assertThat(succeeded(store.log().append(envelope(bob, post(direct, "third")))).seq()).isEqualTo(3);

            succeeded(store.log().append(envelope(alice, new MarkReceipt(direct, ReceiptKind.SEEN, 3))));
            clock.advance(Duration.ofMinutes(1));
            succeeded(store.log().append(envelope(bob, post(direct, "fourth")))); // held whole, in the map
            Instant fourth = clock.instant();
            assertThat(headerRow(rocks, direct).lastSeq()).as("written when the table dropped it").isEqualTo(2);
            ConversationId group = newGroupId();
            succeeded(store.log().append(envelope(alice, new CreateGroup(group, "Big",
                    LongStream.range(2_000, 2_012).boxed().toList())))); // 13 members: outweighs the map

            assertThat(rocks.cache().get(direct)).as("dropped from the map").isNull();
            assertThat(headerRow(rocks, direct)).as("its last event's time read back")
                    .extracting(Rows.Header::lastSeq, Rows.Header::lastActivity).containsExactly(4L, fourth);
        }
    }

    @Test
    void should_take_the_header_rows_of_runs_that_closed_as_current_and_suspect_those_a_killed_run_left_behind() {
        Path path = folder.resolve("runs");
        ConversationId direct = ConversationId.direct(alice, bob);
        try (RocksChatStore first = open(path, 100_000)) {
            ChatStore store = store(first, new RecordingEventBus(), clock);
            for (int i = 1; i <= 3; i++) {
                succeeded(store.log().append(envelope(alice, post(direct, "message " + i))));
            }
            assertThat(first.runs().run()).isOne();
        }

        RocksChatStore second = open(path, 100_000);
        assertThat(second.runs()).extracting(HeaderRuns::run, HeaderRuns::suspectThrough).containsExactly(2L, 0L);
        assertThat(headerRow(second, direct)).as("written as the first run closed")
                .extracting(Rows.Header::lastSeq, Rows.Header::run).containsExactly(3L, 1L);
        assertThat(second.runs().current(headerRow(second, direct))).isTrue();
        ChatStore store = store(second, new RecordingEventBus(), clock);
        assertThat(succeeded(store.log().append(envelope(bob, post(direct, "4")))).seq()).as("read from the row alone")
                .isEqualTo(4);
        assertThat(succeeded(store.log().append(envelope(bob, post(direct, "5")))).seq()).isEqualTo(5);
        second.rocks().close(); // as kill -9 leaves it: neither the row the cache held behind nor the run's end written

        try (RocksChatStore third = open(path, 100_000)) {
            assertThat(third.runs()).extracting(HeaderRuns::run, HeaderRuns::suspectThrough)
                    .containsExactly(3L, 2L);
            assertThat(headerRow(third, direct)).extracting(Rows.Header::lastSeq).isEqualTo(3L);
            assertThat(third.runs().current(headerRow(third, direct))).as("written before a killed run").isFalse();
            assertThat(succeeded(store(third, new RecordingEventBus(), clock).log()
                    .append(envelope(alice, post(direct, "6")))).seq()).as("found by the step back").isEqualTo(6);
        }

        RocksChatStore fourth = open(path, 100_000);
        assertThat(fourth.runs()).extracting(HeaderRuns::run, HeaderRuns::suspectThrough).containsExactly(4L, 2L);
        assertThat(headerRow(fourth, direct)).extracting(Rows.Header::lastSeq, Rows.Header::run)
                .containsExactly(6L, 3L);
        assertThat(fourth.runs().current(headerRow(fourth, direct))).isTrue();
        fourth.rocks().close(); // killed before it let any row fall behind

        try (RocksChatStore fifth = open(path, 100_000)) {
            assertThat(fifth.runs()).extracting(HeaderRuns::run, HeaderRuns::suspectThrough).containsExactly(5L, 2L);
            assertThat(fifth.runs().current(headerRow(fifth, direct))).isTrue();
            assertThat(succeeded(store(fifth, new RecordingEventBus(), clock).log()
                    .append(envelope(alice, post(direct, "7")))).seq()).isEqualTo(7);
            fifth.rocks().writer().submit(batch -> { // as a failed commit does
                fifth.forget();
                return null;
            }, ignored -> { }).join();
            assertThat(fifth.runs().current(headerRow(fifth, direct))).as("lost track of the rows").isFalse();
        }
        try (RocksChatStore sixth = open(path, 100_000)) {
            assertThat(sixth.runs()).as("a run that lost track leaves its rows suspect")
                    .extracting(HeaderRuns::run, HeaderRuns::suspectThrough).containsExactly(6L, 5L);
        }
    }

    @Test
    void should_cache_nothing_for_a_refused_command_so_no_header_row_is_left_behind_by_its_rollback() {
        try (RocksChatStore rocks = open(folder.resolve("refused"), 3 * 4)) { // one set of four plain direct ones
            ChatStore store = store(rocks, new RecordingEventBus(), clock);
            ConversationId missed = ConversationId.direct(alice, 999);
            succeeded(store.log().append(envelope(alice, post(missed, "hi"))));
            List<ConversationId> held = LongStream.range(1_000, 1_004).mapToObj(other -> ConversationId.direct(alice,
                    other)).toList();
            for (ConversationId id : held) {
                succeeded(store.log().append(envelope(alice, post(id, "first"))));
                succeeded(store.log().append(envelope(alice, post(id, "second")))); // its row now behind
            }
            assertThat(rocks.cache().get(missed)).as("dropped").isNull();

            CompletableFuture<Appended> refused = store.log().append(envelope(alice, new EditMessage(missed, 9,
                    new MessageBody.Text("?"))));
            assertThat(refused).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingRootCause()
                    .isInstanceOfSatisfying(ChatException.class, e -> assertThat(e.error())
                            .isEqualTo(ChatError.MESSAGE_NOT_FOUND));

            assertThat(held).as("none dropped for the refused command").allSatisfy(id ->
                    assertThat(rocks.cache().get(id)).isNotNull());
            for (long other = 2_000; other < 2_004; other++) {
                succeeded(store.log().append(envelope(alice, post(ConversationId.direct(alice, other), "hi"))));
            }
            assertThat(held).as("dropped now, their rows written").allSatisfy(id -> {
                assertThat(rocks.cache().get(id)).isNull();
                assertThat(headerRow(rocks, id).lastSeq()).isEqualTo(2);
                assertThat(succeeded(store.log().append(envelope(alice, post(id, "third")))).seq()).isEqualTo(3);
            });
        }
    }

    /**
     * A commit that really fails: the write-ahead log may not grow (as when the file system will not let it), so
     * RocksDB refuses the batch and stops taking writes until the store is reopened. The writer fails the batch's
     * commands, stores nothing of them and forgets what it cached; after a reopen the conversation goes on from the
     * last accepted message.
     */
    @Test
    void should_refuse_a_batch_whose_log_append_fails_store_none_of_it_and_go_on_after_a_reopen() throws Exception {
        Path path = folder.resolve("failed-commit");
        ConversationId direct = ConversationId.direct(alice, bob);
        try (RocksChatStore rocks = open(path, 100_000)) {
            ChatStore store = store(rocks, new RecordingEventBus(), clock);
            succeeded(store.log().append(envelope(alice, post(direct, "accepted"))));
            assertThat(rocks.cache().get(direct)).isNotNull();
            assertThat(rocks.runs().current(headerRow(rocks, direct))).isTrue();

            CompletableFuture<Appended> failed;
            try (FileSizeLimit ignored = FileSizeLimit.lower(Files.size(onlyLog(path)))) {
                failed = store.log().append(envelope(alice, post(direct, "lost")));
                failed.handle((appended, error) -> null).get(10, TimeUnit.SECONDS); // its commit has run
            }
            assertThat(failed).failsWithin(Duration.ZERO).withThrowableThat().havingRootCause()
                    .isInstanceOfSatisfying(ChatException.class, e -> {
                        assertThat(e.error()).isEqualTo(ChatError.UNAVAILABLE);
                        assertThat(e.getMessage()).as("no file names for the client")
                                .isEqualTo("commit failed: the store cannot write now; try again later");
                    });

            assertThat(rocks.cache().get(direct)).as("the writer's cache is dropped").isNull();
            assertThat(rocks.runs().current(headerRow(rocks, direct))).as("every row is checked from now on")
                    .isFalse();
            assertThat(rocks.rocks().writer().isFailing()).isTrue();
            assertThat(rocks.rocks().isHealthy()).as("reports itself unhealthy").isFalse();
            assertThat(store.reader().sync(bob, direct, 0, ChatReader.MAX_PAGE).lastSeq()).isEqualTo(1);
            assertThat(store.log().append(envelope(bob, post(direct, "refused too")))).failsWithin(
                    Duration.ofSeconds(10)).withThrowableThat().havingRootCause().isInstanceOfSatisfying(
                    ChatException.class, e -> assertThat(e.error()).isEqualTo(ChatError.UNAVAILABLE));
        }
        try (RocksChatStore reopened = open(path, 100_000)) {
            ChatStore store = store(reopened, new RecordingEventBus(), clock);
            assertThat(reopened.rocks().isHealthy()).isTrue();
            SyncPage page = store.reader().sync(bob, direct, 0, ChatReader.MAX_PAGE);
            assertThat(page.lastSeq()).isEqualTo(1);
            assertThat(page.events()).extracting(ChatEvent::seq).containsExactly(1L);
            assertThat(succeeded(store.log().append(envelope(bob, post(direct, "next")))).seq()).isEqualTo(2);
        }
    }

    /** The write-ahead log of a store that has not switched logs yet. */
    private static Path onlyLog(Path store) throws IOException {
        try (Stream<Path> files = Files.list(store)) {
            List<Path> logs = files.filter(file -> file.getFileName().toString().endsWith(".log")).toList();
            assertThat(logs).as("write-ahead logs in " + store).hasSize(1);
            return logs.getFirst();
        }
    }

    private static Rows.Header headerRow(RocksChatStore rocks, ConversationId conversation) {
        return rocks.rocks().read(reads -> Rows.Header.decode(
                Objects.requireNonNull(reads.get(rocks.tables().conversations(), Keys.conversation(conversation)))));
    }

    private static long memberRows(RocksChatStore rocks, ConversationId conversation) {
        byte[] prefix = Keys.conversation(conversation);
        long[] rows = {0};
        rocks.rocks().read(reads -> {
            reads.forward(rocks.tables().members(), prefix, Bytes.successor(prefix), (key, value) -> {
                rows[0]++;
                return true;
            });
            return null;
        });
        return rows[0];
    }

    @Test
    void should_read_everything_back_after_the_store_is_closed_and_reopened() {
        Path path = folder.resolve("durable");
        ConversationId direct = ConversationId.direct(alice, bob);
        ConversationId group = newGroupId();
        SyncPage directBefore;
        SyncPage groupBefore;
        List<ConversationSummary> bobsBefore;
        Appended keyed;
        CommandEnvelope keyedCommand = envelope(alice, "key-1", "fingerprint-1", post(direct, "keyed"));
        try (RocksChatStore first = open(path, 100_000)) {
            ChatStore store = store(first, new RecordingEventBus(), clock);
            ChatLog log = store.log();
            keyed = succeeded(log.append(keyedCommand));
            succeeded(log.append(envelope(bob, post(direct, "typo"))));
            succeeded(log.append(envelope(bob, new EditMessage(direct, 2, new MessageBody.Text("fixed")))));
            succeeded(log.append(envelope(alice, new React(direct, 2, "\uD83D\uDC4D", true))));
            succeeded(log.append(envelope(alice, post(direct, "regret"))));
            succeeded(log.append(envelope(alice, new DeleteMessage(direct, 5))));
            succeeded(log.append(envelope(bob, new MarkReceipt(direct, ReceiptKind.SEEN, 1))));
            succeeded(log.append(envelope(alice, new CreateGroup(group, "Team", List.of(bob, carol)))));
            succeeded(log.append(envelope(carol, post(group, "hello team"))));
            directBefore = store.reader().sync(bob, direct, 0, ChatReader.MAX_PAGE);
            groupBefore = store.reader().sync(carol, group, 0, ChatReader.MAX_PAGE);
            bobsBefore = store.reader().conversations(bob);
        }

        try (RocksChatStore reopened = open(path, 100_000)) {
            RecordingEventBus bus = new RecordingEventBus();
            ChatStore store = store(reopened, bus, clock);

            assertThat(store.reader().sync(bob, direct, 0, ChatReader.MAX_PAGE)).isEqualTo(directBefore);
            assertThat(store.reader().sync(carol, group, 0, ChatReader.MAX_PAGE)).isEqualTo(groupBefore);
            assertThat(store.reader().conversations(bob)).isEqualTo(bobsBefore);
            assertThat(directBefore.lastSeq()).isEqualTo(6);
            assertThat(texts(directBefore.events())).containsExactly("keyed", "fixed", "");
            assertThat(store.reader().memberIds(group)).containsExactlyInAnyOrder(alice, bob, carol);

            assertThat(succeeded(store.log().append(keyedCommand))).isEqualTo(keyed);
            assertThat(succeeded(store.log().append(envelope(bob, post(direct, "after restart")))).seq())
                    .isEqualTo(7);
            assertThat(bus.published()).hasSize(1);
        }
    }

    @Test
    void should_sequence_correctly_when_the_conversation_cache_holds_nothing() {
        try (RocksChatStore tiny = open(folder.resolve("tiny"), 1)) {
            ChatStore store = store(tiny, new RecordingEventBus(), clock);
            ConversationId direct = ConversationId.direct(alice, bob);
            ConversationId other = ConversationId.direct(alice, carol);
            ConversationId group = newGroupId();
            succeeded(store.log().append(envelope(alice, new CreateGroup(group, "Team", List.of(bob, carol)))));
            List<Long> seqs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                seqs.add(succeeded(store.log().append(envelope(bob, post(direct, "d" + i)))).seq());
                succeeded(store.log().append(envelope(carol, post(other, "o" + i))));
                succeeded(store.log().append(envelope(carol, post(group, "g" + i))));
            }

            assertThat(seqs).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
            assertThat(store.reader().sync(alice, group, 0, ChatReader.MAX_PAGE).lastSeq()).isEqualTo(11);
            assertThat(tiny.cache().size()).isZero();
        }
    }

    @Test
    void should_write_the_appends_still_queued_when_the_store_closes() {
        Path path = folder.resolve("drained");
        ConversationId direct = ConversationId.direct(alice, bob);
        List<CompletableFuture<Appended>> queued = new ArrayList<>();
        try (RocksChatStore first = open(path, 100_000)) {
            ChatLog log = store(first, new RecordingEventBus(), clock).log();
            for (int i = 1; i <= 300; i++) {
                queued.add(log.append(envelope(i % 2 == 0 ? alice : bob,
                        new PostMessage(direct, new MessageBody.Text("message " + i), 0))));
            }
        }

        assertThat(queued.stream().map(ChatStoreContract::succeeded).map(Appended::seq).toList())
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 300).boxed().toList());
        try (RocksChatStore reopened = open(path, 100_000)) {
            SyncPage page = new RocksChatReader(reopened).sync(alice, direct, 0, ChatReader.MAX_PAGE);
            assertThat(page.lastSeq()).isEqualTo(300);
            assertThat(page.events()).extracting(ChatEvent::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 300).boxed().toList());
        }
    }
}
