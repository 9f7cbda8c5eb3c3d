package io.cellchat.app.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellchat.backplane.KafkaChatLog;
import io.cellchat.backplane.SequencedCodec;
import io.cellchat.backplane.OutcomeCodec;
import io.cellchat.domain.chat.ChatCommand;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ChatLog.Appended;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.EventBody;
import io.cellchat.domain.chat.MessageBody;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.services.history.store.cassandra.CassandraHistoryWriter;
import io.cellchat.testing.contracts.RecordingEventBus;
import io.cellchat.testing.engines.CassandraNamespace;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.KafkaNamespace;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults of the cell's roles, on the real engines: a sequencer replaced by one with no local state (it restores
 * from the changelog), a materializer stopped while commands arrive (it resumes from its committed offsets), a
 * command that reaches the sequencer after its deadline, and a poll of history written twice or out of order.
 */
@EngineTest
class CellFailoverIT {

    private static TestCell cell;
    private final RecordingEventBus bus = new RecordingEventBus();
    private long alice;
    private long bob;

    CellFailoverIT(KafkaNamespace kafka, CassandraNamespace cassandra) {
        synchronized (CellFailoverIT.class) {
            if (cell == null) {
                cell = new TestCell(kafka, cassandra);
            }
        }
    }

    @BeforeEach
    void users() {
        long base = ThreadLocalRandom.current().nextLong(1, 1L << 40) * 1000;
        alice = base + 1;
        bob = base + 2;
        cell.bus.use(bus);
        cell.clock.use(Clock.systemUTC());
    }

    @AfterAll
    static void stopTheCell() {
        if (cell != null) {
            cell.close();
            cell = null;
        }
    }

    @Test
    void should_continue_the_sequence_without_gap_after_a_new_sequencer_restores_the_state_from_the_changelog()
            throws Exception {
        ConversationId direct = ConversationId.direct(alice, bob);
        Appended first = append(send(alice, direct, "key-0", "message 0")).get(30, TimeUnit.SECONDS);
        for (int i = 1; i < 20; i++) {
            append(send(i % 2 == 0 ? alice : bob, direct, "key-" + i, "message " + i)).get(30, TimeUnit.SECONDS);
        }

        cell.stopSequencer();
        List<CompletableFuture<Appended>> during = new ArrayList<>();
        for (int i = 20; i < 30; i++) {
            during.add(append(send(alice, direct, "key-" + i, "message " + i)));
        }
        cell.startSequencer(cell.stateDir().resolve("fresh-" + System.nanoTime()));
        for (int i = 30; i < 40; i++) {
            during.add(append(send(bob, direct, "key-" + i, "message " + i)));
        }
        for (CompletableFuture<Appended> result : during) {
            result.get(60, TimeUnit.SECONDS);
        }
        Appended retry = append(send(alice, direct, "key-0", "message 0")).get(30, TimeUnit.SECONDS);

        assertThat(retry).as("the idempotency record survived the move").isEqualTo(first);
        List<ChatEvent> events = cell.reader.sync(alice, direct, 0, ChatReader.MAX_PAGE).events();
        assertThat(events).extracting(ChatEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
        assertThat(events).extracting(e -> ((MessageBody.Text) ((EventBody.MessagePosted) e.body()).body()).text())
                .doesNotHaveDuplicates().hasSize(40);
    }

    @Test
    void should_resume_from_the_committed_offsets_when_the_materializer_comes_back() throws Exception {
        ConversationId direct = ConversationId.direct(alice, bob);
        append(send(alice, direct, "before", "before")).get(30, TimeUnit.SECONDS);

        cell.stopMaterializer();
        List<CompletableFuture<Appended>> waiting = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            waiting.add(append(send(bob, direct, "while-" + i, "while down " + i)));
        }
        Thread.sleep(1000);
        assertThat(cell.reader.sync(alice, direct, 0, ChatReader.MAX_PAGE).lastSeq())
                .as("nothing materialized while the materializer is down").isEqualTo(1);
        assertThat(waiting).noneMatch(CompletableFuture::isDone);
        cell.startMaterializer();

        for (CompletableFuture<Appended> result : waiting) {
            result.get(60, TimeUnit.SECONDS);
        }
        assertThat(cell.reader.sync(alice, direct, 0, ChatReader.MAX_PAGE).events()).extracting(ChatEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 26).boxed().toList());
    }

    @Test
    void should_refuse_a_command_that_reaches_the_sequencer_after_its_deadline_and_store_nothing() throws Exception {
        ConversationId direct = ConversationId.direct(alice, bob);
        KafkaChatLog impatient = new KafkaChatLog(cell.producer, cell.topics.commands(), Clock.systemUTC(),
                Duration.ofMillis(500), 100, new SecureRandom());

        cell.stopSequencer();
        CompletableFuture<Appended> late = impatient.append(send(alice, direct, "late", "too late"));
        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ChatException.class, e -> {
                    assertThat(e.error()).isEqualTo(ChatError.UNAVAILABLE);
                    assertThat(e.getMessage()).contains("backplane.append-timeout");
                });
        Thread.sleep(600);
        cell.startSequencer(cell.stateDir().resolve("after-deadline-" + System.nanoTime()));
        Appended next = append(send(alice, direct, "next", "in time")).get(30, TimeUnit.SECONDS);

        assertThat(next.seq()).as("the late command took no sequence number").isEqualTo(1);
        assertThat(cell.reader.sync(bob, direct, 0, ChatReader.MAX_PAGE).events()).singleElement()
                .satisfies(e -> assertThat(((EventBody.MessagePosted) e.body()).idempotencyKey()).isEqualTo("next"));
    }

    @Test
    void should_leave_the_same_history_when_a_poll_is_written_again_or_after_a_newer_one() {
        ConversationId direct = ConversationId.direct(alice, bob);
        Instant at = Instant.parse("2026-02-01T10:00:00Z");
        ChatEvent posted = new ChatEvent(direct, 1, 9001, alice, at,
                EventBody.MessagePosted.posted(new MessageBody.Text("secret"), 0, "k1"));
        ChatEvent edited = new ChatEvent(direct, 2, 9002, alice, at.plusSeconds(1),
                new EventBody.MessageEdited(1, new MessageBody.Text("secret, edited")));
        ChatEvent reacted = new ChatEvent(direct, 3, 9003, bob, at.plusSeconds(2),
                new EventBody.ReactionChanged(1, "\uD83D\uDC4D", true));
        ChatEvent deleted = new ChatEvent(direct, 4, 9004, alice, at.plusSeconds(3), new EventBody.MessageDeleted(1));
        CassandraHistoryWriter writer = new CassandraHistoryWriter(cell.session, 16);
        var outcome = OutcomeCodec.accepted("r", alice, new Appended(direct, 0, 0));
        Set<Long> both = Set.of(alice, bob);

        writer.write(List.of(change(direct, outcome, both, posted), change(direct, outcome, both, edited),
                change(direct, outcome, both, reacted), change(direct, outcome, both, deleted)));
        List<ChatEvent> once = cell.reader.sync(bob, direct, 0, ChatReader.MAX_PAGE).events();
        writer.write(List.of(change(direct, outcome, both, posted), change(direct, outcome, both, edited),
                change(direct, outcome, both, reacted)));
        writer.write(List.of(change(direct, outcome, both, deleted), change(direct, outcome, both, posted)));

        List<ChatEvent> again = cell.reader.sync(bob, direct, 0, ChatReader.MAX_PAGE).events();
        assertThat(again).isEqualTo(once);
        EventBody.MessagePosted tombstone = (EventBody.MessagePosted) again.getFirst().body();
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.body()).isEqualTo(new MessageBody.Text(""));
        assertThat(tombstone.reactions()).isEmpty();
        assertThat(again.get(1).body()).isEqualTo(new EventBody.MessageEdited(1, new MessageBody.Text("")));
        assertThat(cell.reader.sync(bob, direct, 0, 1).lastSeq()).isEqualTo(4);
        assertThat(again.toString()).doesNotContain("secret");
    }

    private static SequencedCodec.Change change(ConversationId id, io.cellchat.contracts.backplane.v1.Outcome outcome,
            Set<Long> recipients, ChatEvent event) {
        return new SequencedCodec.Change(id, outcome, recipients, List.of(event), null);
    }

    private static CompletableFuture<Appended> append(CommandEnvelope envelope) {
        return cell.log.append(envelope);
    }

    private static CommandEnvelope send(long actor, ConversationId conversation, String key, String text) {
        return new CommandEnvelope(actor, actor * 10, key, "fingerprint-" + key + "-" + text,
                new ChatCommand.PostMessage(conversation, new MessageBody.Text(text), 0));
    }
}
