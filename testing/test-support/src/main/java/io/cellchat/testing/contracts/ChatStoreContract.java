package io.cellchat.testing.contracts;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.cellchat.domain.chat.ChatCommand;
import io.cellchat.domain.chat.ChatCommand.AddMembers;
import io.cellchat.domain.chat.ChatCommand.CreateGroup;
import io.cellchat.domain.chat.ChatCommand.DeleteMessage;
import io.cellchat.domain.chat.ChatCommand.EditMessage;
import io.cellchat.domain.chat.ChatCommand.LeaveGroup;
import io.cellchat.domain.chat.ChatCommand.MarkReceipt;
import io.cellchat.domain.chat.ChatCommand.PostMessage;
import io.cellchat.domain.chat.ChatCommand.React;
import io.cellchat.domain.chat.ChatCommand.RemoveMember;
import io.cellchat.domain.chat.ChatCommand.RenameGroup;
import io.cellchat.domain.chat.ChatCommand.SetRole;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.chat.ChatLog;
import io.cellchat.domain.chat.ChatLog.Appended;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.ChatReader.ConversationSummary;
import io.cellchat.domain.chat.ChatReader.HistoryPage;
import io.cellchat.domain.chat.ChatReader.SyncPage;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationKind;
import io.cellchat.domain.chat.EventBody.GroupCreated;
import io.cellchat.domain.chat.EventBody.GroupRenamed;
import io.cellchat.domain.chat.EventBody.MemberLeft;
import io.cellchat.domain.chat.EventBody.MemberRemoved;
import io.cellchat.domain.chat.EventBody.MembersAdded;
import io.cellchat.domain.chat.EventBody.MessageDeleted;
import io.cellchat.domain.chat.EventBody.MessageEdited;
import io.cellchat.domain.chat.EventBody.MessagePosted;
import io.cellchat.domain.chat.EventBody.ReactionChanged;
import io.cellchat.domain.chat.EventBody.RoleChanged;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.MessageBody;
import io.cellchat.domain.chat.Reaction;
import io.cellchat.domain.chat.ReceiptKind;
import io.cellchat.domain.chat.Role;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.testing.time.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the conversation ports, {@link ChatLog} (write side and sequencer) and {@link ChatReader} (read
 * side), tested together because one is only observable through the other: what an append promises is what a later
 * read and the {@link EventBus} show.
 *
 * <p>An adapter module subclasses it and opens a log and a reader over one store, the log publishing to the bus the
 * suite gives; the adapter must decide with {@code new ChatRules(ChatLimits.DEFAULTS)}. Every test uses user and
 * group IDs of its own (random), so a store may be shared by the tests of a class (a Cassandra keyspace, a Kafka topic
 * prefix) as well as opened fresh per test.
 *
 * <p>Reads right after an append completes must see it (a client syncs after {@code accepted}). Deliveries are
 * awaited, never assumed synchronous, so an asynchronous bus hand-off passes too.
 */
public abstract class ChatStoreContract {

    /** How long an append, a delivery or a batch of concurrent appends may take. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** The two sides of the store under test. */
    protected record ChatStore(ChatLog log, ChatReader reader) {
        public ChatStore {
            requireNonNull(log, "log");
            requireNonNull(reader, "reader");
        }
    }

    /**
     * Opens the log and the reader of one store; the log publishes its deliveries to {@code bus} and stamps events
     * with {@code clock}, which the tests move by hand. Called before each test.
     */
    protected abstract ChatStore openStore(EventBus bus, Clock clock) throws Exception;

    /** Releases what {@link #openStore} took. Called after each test. */
    protected abstract void closeStore() throws Exception;

    protected RecordingEventBus bus;
    protected ManualClock clock;
    protected ChatLog log;
    protected ChatReader reader;

    protected long alice;
    protected long bob;
    protected long carol;
    protected long dave;
    protected long mallory;
    private long idBase;
    private long groups;
    private final AtomicLong devices = new AtomicLong();

    @BeforeEach
    final void openTheStore() throws Exception {
        idBase = ThreadLocalRandom.current().nextLong(1, 1L << 40) * 1000;
        alice = idBase + 1;
        bob = idBase + 2;
        carol = idBase + 3;
        dave = idBase + 4;
        mallory = idBase + 99;
        bus = new RecordingEventBus();
        clock = new ManualClock(Instant.parse("2026-01-01T09:00:00Z"));
        ChatStore store = openStore(bus, clock);
        log = store.log();
        reader = store.reader();
    }

    @AfterEach
    final void closeTheStore() throws Exception {
        closeStore();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Sequencing
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_number_the_events_of_a_conversation_one_two_three_without_gaps() {
        ConversationId direct = ConversationId.direct(alice, bob);

        Appended first = post(alice, direct, "one");
        Appended second = post(bob, direct, "two");
        Appended third = post(alice, direct, "three");

        assertThat(List.of(first.seq(), second.seq(), third.seq())).containsExactly(1L, 2L, 3L);
        SyncPage page = reader.sync(alice, direct, 0, ChatReader.MAX_PAGE);
        assertThat(page.lastSeq()).isEqualTo(3);
        assertThat(seqs(page.events())).containsExactly(1L, 2L, 3L);
        assertThat(texts(page.events())).containsExactly("one", "two", "three");
        assertThat(page.events()).extracting(ChatEvent::actor).containsExactly(alice, bob, alice);
        assertThat(page.events()).extracting(ChatEvent::conversation).containsOnly(direct);
    }

    @Test
    void should_number_each_conversation_on_its_own() {
        ConversationId withBob = ConversationId.direct(alice, bob);
        ConversationId withCarol = ConversationId.direct(alice, carol);

        List<Long> bobSeqs = new ArrayList<>();
        List<Long> carolSeqs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            bobSeqs.add(post(alice, withBob, "to bob " + i).seq());
            carolSeqs.add(post(alice, withCarol, "to carol " + i).seq());
        }
        carolSeqs.add(post(carol, withCarol, "to alice").seq());

        assertThat(bobSeqs).containsExactly(1L, 2L, 3L);
        assertThat(carolSeqs).containsExactly(1L, 2L, 3L, 4L);
        assertThat(seqs(allEvents(bob, withBob))).containsExactly(1L, 2L, 3L);
        assertThat(seqs(allEvents(carol, withCarol))).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void should_number_without_gaps_or_duplicates_under_concurrent_appends() throws Exception {
        int threads = 8;
        int perThread = 200;
        ConversationId aliceBob = ConversationId.direct(alice, bob);
        ConversationId carolDave = ConversationId.direct(carol, dave);
        ConversationId everyone = createGroup(alice, "Everyone", bob, carol, dave);
        ConversationId pair = createGroup(bob, "Pair", alice);
        List<ConversationId> conversations = List.of(aliceBob, carolDave, everyone, pair);
        Map<ConversationId, long[]> senders = Map.of(aliceBob, new long[] {alice, bob},
                carolDave, new long[] {carol, dave}, everyone, new long[] {alice, bob, carol, dave},
                pair, new long[] {bob, alice});
        record Sent(ConversationId conversation, String text, CompletableFuture<Appended> result) {}

        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Sent>>> work = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    start.await();
                    List<Sent> sent = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        ConversationId conversation = conversations.get((thread + i) % conversations.size());
                        long[] members = requireNonNull(senders.get(conversation));
                        long actor = members[(thread + i) % members.length];
                        String text = "thread " + thread + " message " + i;
                        sent.add(new Sent(conversation, text, log.append(envelope(actor,
                                new PostMessage(conversation, new MessageBody.Text(text), 0)))));
                    }
                    return sent;
                }));
            }
            start.countDown();
        }
        List<Sent> sent = new ArrayList<>();
        for (Future<List<Sent>> future : work) {
            sent.addAll(future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
        }
        assertThat(sent).hasSize(threads * perThread);

        Map<ConversationId, Map<Long, String>> acceptedTexts = new HashMap<>();
        Set<Long> messageIds = new HashSet<>();
        for (Sent one : sent) {
            Appended appended = succeeded(one.result());
            assertThat(appended.conversation()).isEqualTo(one.conversation());
            assertThat(appended.messageId()).isPositive();
            assertThat(messageIds.add(appended.messageId())).as("message ID %s unique", appended.messageId()).isTrue();
            String earlier = acceptedTexts.computeIfAbsent(one.conversation(), c -> new HashMap<>())
                    .put(appended.seq(), one.text());
            assertThat(earlier).as("seq %s of %s given twice", appended.seq(), one.conversation()).isNull();
        }
        for (ConversationId conversation : conversations) {
            long user = requireNonNull(senders.get(conversation))[0];
            long created = conversation.isDirect() ? 0 : 1;
            Map<Long, String> accepted = requireNonNull(acceptedTexts.get(conversation));
            long expectedLast = created + accepted.size();
            assertThat(accepted.keySet()).as("accepted seqs of %s", conversation)
                    .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(created + 1, expectedLast).boxed()
                            .toList());

            List<ChatEvent> events = allEvents(user, conversation);
            assertThat(seqs(events)).as("synced seqs of %s", conversation)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, expectedLast).boxed().toList());
            assertThat(reader.sync(user, conversation, 0, 1).lastSeq()).isEqualTo(expectedLast);
            for (ChatEvent event : events) {
                if (event.seq() > created) {
                    assertThat(text(event)).as("text of %s #%s", conversation, event.seq())
                            .isEqualTo(accepted.get(event.seq()));
                }
            }

            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(newEvents(conversation, 0)).hasSize(
                    (int) expectedLast));
            assertThat(seqs(newEvents(conversation, 0))).as("published seqs of %s, in publishing order", conversation)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, expectedLast).boxed().toList());
        }
    }

    /**
     * A sync answer comes from one snapshot: its {@code lastSeq} is never lower than the newest event in it, the
     * events follow {@code afterSeq} with no hole, and a last page ends exactly at {@code lastSeq}. The 0.1 SQLite
     * adapter broke this under load ({@code afterSeq=2725} answered events up to 2755 with {@code lastSeq=2735} and
     * {@code hasMore} false): a client holding {@code 1..lastSeq} would then have skipped events.
     */
    @Test
    void should_answer_each_sync_and_history_from_one_snapshot_while_appends_commit() throws Exception {
        ConversationId group = createGroup(alice, "Busy", bob, carol, dave);
        long[] writers = {alice, bob, carol, dave};
        int perWriter = 400;
        List<String> violations = new CopyOnWriteArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers.length + 2)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<CompletableFuture<Appended>>>> work = new ArrayList<>();
            for (long writer : writers) {
                work.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<Appended>> sent = new ArrayList<>();
                    for (int i = 0; i < perWriter; i++) {
                        sent.add(log.append(envelope(writer, post(group, "busy " + writer + " " + i))));
                        if (i % 20 == 19) {
                            sent.getLast().join();
                        }
                    }
                    return sent;
                }));
            }
            Future<Integer> readers = pool.submit(() -> {
                start.await();
                int reads = 0;
                long known = 0;
                while (work.stream().anyMatch(future -> !future.isDone()) || reads < 20) {
                    long after = known == 0 ? 0 : ThreadLocalRandom.current().nextLong(Math.max(0, known - 30), known + 1);
                    SyncPage page = reader.sync(bob, group, after, 10);
                    checkSnapshot("sync after " + after, after, page.events(), page.lastSeq(), page.hasMore(),
                            violations);
                    HistoryPage latest = reader.history(carol, group, 0, 5);
                    if (!latest.events().isEmpty() && latest.events().getLast().seq() != latest.lastSeq()) {
                        violations.add("history from the latest ended at " + latest.events().getLast().seq()
                                + " with lastSeq " + latest.lastSeq());
                    }
                    known = Math.max(known, page.lastSeq());
                    reads++;
                }
                return reads;
            });
            start.countDown();
            for (Future<List<CompletableFuture<Appended>>> future : work) {
                future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).forEach(ChatStoreContract::succeeded);
            }
            assertThat(readers.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isGreaterThanOrEqualTo(20);
        }

        assertThat(violations).isEmpty();
        assertThat(reader.sync(bob, group, 0, 1).lastSeq()).isEqualTo(1 + (long) writers.length * perWriter);
    }

    private static void checkSnapshot(String read, long after, List<ChatEvent> events, long lastSeq, boolean hasMore,
            List<String> violations) {
        for (int i = 0; i < events.size(); i++) {
            long expected = after + 1 + i;
            if (events.get(i).seq() != expected) {
                violations.add(read + ": event " + i + " is #" + events.get(i).seq() + " (expected #" + expected + ")");
                return;
            }
        }
        long newest = events.isEmpty() ? after : events.getLast().seq();
        if (newest > lastSeq) {
            violations.add(read + ": events up to " + newest + " with lastSeq " + lastSeq);
        } else if (!hasMore && newest != lastSeq) {
            violations.add(read + ": last page ends at " + newest + " but lastSeq is " + lastSeq);
        }
    }

    @Test
    void should_complete_an_append_with_the_conversation_the_sequence_number_and_the_message_id() {
        ConversationId direct = ConversationId.direct(alice, bob);
        ConversationId group = newGroupId();

        Appended created = append(alice, new CreateGroup(group, "Team", List.of(bob)));
        Appended posted = post(bob, direct, "hi");
        Appended inGroup = post(alice, group, "welcome");

        assertThat(created).isEqualTo(new Appended(group, 1, 0));
        assertThat(posted.conversation()).isEqualTo(direct);
        assertThat(posted.seq()).isEqualTo(1);
        assertThat(posted.messageId()).isPositive();
        assertThat(inGroup.conversation()).isEqualTo(group);
        assertThat(inGroup.seq()).isEqualTo(2);
        assertThat(inGroup.messageId()).isPositive().isNotEqualTo(posted.messageId());
        assertThat(eventAt(bob, direct, 1).eventId()).isEqualTo(posted.messageId());
        assertThat(eventAt(bob, group, 2).eventId()).isEqualTo(inGroup.messageId());
    }

    @Test
    void should_give_a_command_of_several_events_the_sequence_number_of_its_last_one() {
        ConversationId group = createGroup(alice, "Team", bob, carol);
        int mark = bus.mark();

        Appended handedOver = append(alice, new SetRole(group, bob, Role.OWNER));

        assertThat(handedOver).isEqualTo(new Appended(group, 3, 0));
        List<ChatEvent> events = allEvents(carol, group);
        assertThat(events).extracting(ChatEvent::body).containsExactly(
                new GroupCreated("Team", List.of(Member.joined(alice, Role.OWNER), Member.joined(bob, Role.MEMBER),
                        Member.joined(carol, Role.MEMBER))),
                new RoleChanged(bob, Role.OWNER),
                new RoleChanged(alice, Role.ADMIN));
        assertThat(roles(reader.sync(carol, group, 0, 1).members()))
                .containsExactlyInAnyOrderEntriesOf(Map.of(alice, Role.ADMIN, bob, Role.OWNER, carol, Role.MEMBER));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(seqs(newEvents(group, mark))).containsExactly(2L, 3L));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Refusals: a ChatException with the right error, and nothing stored or published
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_refuse_a_message_from_a_non_member_and_store_nothing() {
        ConversationId group = createGroup(alice, "Team", bob);
        int mark = bus.mark();

        assertRefused(envelope(mallory, post(group, "let me in")), ChatError.CONVERSATION_NOT_FOUND);

        SyncPage page = reader.sync(alice, group, 0, ChatReader.MAX_PAGE);
        assertThat(page.lastSeq()).isEqualTo(1);
        assertThat(page.events()).hasSize(1);
        assertThat(reader.memberIds(group)).containsExactlyInAnyOrder(alice, bob);
        assertThat(reader.conversations(mallory)).isEmpty();
        assertNothingPublishedSince(mark);
    }

    @Test
    void should_refuse_a_message_to_a_direct_conversation_of_others_and_create_nothing() {
        ConversationId direct = ConversationId.direct(alice, bob);
        int mark = bus.mark();

        assertRefused(envelope(mallory, post(direct, "hello you two")), ChatError.CONVERSATION_NOT_FOUND);

        assertThat(reader.memberIds(direct)).isEmpty();
        assertThat(reader.conversations(alice)).isEmpty();
        assertThat(reader.conversations(bob)).isEmpty();
        assertThat(reader.conversations(mallory)).isEmpty();
        assertThat(reader.sync(alice, direct, 0, ChatReader.MAX_PAGE).events()).isEmpty();
        assertNothingPublishedSince(mark);
    }

    @Test
    void should_refuse_a_text_too_long_and_store_nothing() {
        ConversationId existing = ConversationId.direct(alice, bob);
        ConversationId notYetCreated = ConversationId.direct(alice, carol);
        post(alice, existing, "short");
        String tooLong = "x".repeat(ChatLimits.DEFAULTS.maxTextLength() + 1);
        int mark = bus.mark();

        assertRefused(envelope(alice, post(existing, tooLong)), ChatError.TEXT_TOO_LONG);
        assertRefused(envelope(alice, post(notYetCreated, tooLong)), ChatError.TEXT_TOO_LONG);

        assertThat(reader.sync(bob, existing, 0, ChatReader.MAX_PAGE).lastSeq()).isEqualTo(1);
        assertThat(reader.memberIds(notYetCreated)).isEmpty();
        assertThat(reader.conversations(carol)).isEmpty();
        assertThat(reader.conversations(alice)).extracting(ConversationSummary::id).containsExactly(existing);
        assertNothingPublishedSince(mark);
    }

    @Test
    void should_store_the_longest_text_allowed_as_it_was_sent() {
        ConversationId direct = ConversationId.direct(alice, bob);
        // Code points, not chars: 4,096 emojis outside the BMP are 8,192 chars.
        String longest = "\uD83D\uDE00".repeat(ChatLimits.DEFAULTS.maxTextLength() - 3) + "é\u00A0x";

        post(alice, direct, longest);

        assertThat(text(eventAt(bob, direct, 1))).isEqualTo(longest);
    }

    @Test
    void should_store_text_as_the_text_rules_normalize_it() {
        ConversationId direct = ConversationId.direct(alice, bob);

        post(alice, direct, "  cafe\u0301\r\nok \u00A0\n");

        assertThat(text(eventAt(bob, direct, 1))).isEqualTo("  caf\u00E9\nok");
    }

    @Test
    void should_refuse_a_message_to_an_unknown_group_and_create_nothing() {
        ConversationId unknown = newGroupId();
        int mark = bus.mark();

        assertRefused(envelope(alice, post(unknown, "anyone?")), ChatError.CONVERSATION_NOT_FOUND);

        assertThat(reader.memberIds(unknown)).isEmpty();
        assertThat(reader.conversations(alice)).isEmpty();
        assertReadRefused(alice, unknown, ChatError.CONVERSATION_NOT_FOUND);
        assertNothingPublishedSince(mark);
    }

    @Test
    void should_not_remember_the_idempotency_key_of_a_refused_command() {
        ConversationId direct = ConversationId.direct(alice, bob);
        String tooLong = "x".repeat(ChatLimits.DEFAULTS.maxTextLength() + 1);

        assertRefused(envelope(alice, "key-1", "fingerprint-long", post(direct, tooLong)), ChatError.TEXT_TOO_LONG);
        Appended appended = append(envelope(alice, "key-1", "fingerprint-short", post(direct, "short")));

        assertThat(appended.seq()).isEqualTo(1);
        assertThat(texts(allEvents(bob, direct))).containsExactly("short");
    }

    @Test
    void should_refuse_a_reply_to_a_sequence_number_that_is_not_a_message() {
        ConversationId direct = ConversationId.direct(alice, bob);
        ConversationId group = createGroup(alice, "Team", bob);
        post(alice, direct, "question");
        int mark = bus.mark();

        assertRefused(envelope(bob, new PostMessage(direct, new MessageBody.Text("answer"), 7)),
                ChatError.INVALID_ARGUMENT);
        assertRefused(envelope(bob, new PostMessage(group, new MessageBody.Text("answer"), 1)),
                ChatError.INVALID_ARGUMENT);
        assertRefused(envelope(bob, new PostMessage(ConversationId.direct(bob, carol),
                new MessageBody.Text("answer"), 1)), ChatError.INVALID_ARGUMENT);
        assertNothingPublishedSince(mark);

        Appended reply = append(bob, new PostMessage(direct, new MessageBody.Text("answer"), 1));

        assertThat(reply.seq()).isEqualTo(2);
        assertThat(posted(eventAt(alice, direct, 2)).replyToSeq()).isEqualTo(1);
        assertThat(reader.sync(alice, group, 0, 1).lastSeq()).isEqualTo(1);
        assertThat(reader.memberIds(ConversationId.direct(bob, carol))).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Idempotency
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_return_the_first_result_for_a_retry_with_the_same_key_and_content_and_publish_nothing_new() {
        ConversationId direct = ConversationId.direct(alice, bob);
        CommandEnvelope hello = envelope(alice, "key-1", "fingerprint-hello", post(direct, "hello"));
        Appended first = append(hello);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(newEvents(direct, 0)).hasSize(1));
        int mark = bus.mark();

        Appended retry = append(hello);
        post(alice, direct, "second");
        Appended lateRetry = append(hello);

        assertThat(retry).isEqualTo(first);
        assertThat(lateRetry).isEqualTo(first);
        List<ChatEvent> events = allEvents(bob, direct);
        assertThat(texts(events)).containsExactly("hello", "second");
        assertThat(posted(events.getFirst()).idempotencyKey()).isEqualTo("key-1");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(newEvents(direct, mark)).hasSize(1));
        assertThat(seqs(settledSince(mark).stream().flatMap(d -> newEventOf(d, direct).stream()).toList()))
                .containsExactly(2L);
    }

    @Test
    void should_refuse_the_same_key_with_different_content() {
        ConversationId direct = ConversationId.direct(alice, bob);
        Appended first = append(envelope(alice, "key-1", "fingerprint-hello", post(direct, "hello")));
        int mark = bus.mark();

        assertRefused(envelope(alice, "key-1", "fingerprint-bye", post(direct, "bye")),
                ChatError.IDEMPOTENCY_KEY_REUSED);

        assertThat(first.seq()).isEqualTo(1);
        assertThat(texts(allEvents(bob, direct))).containsExactly("hello");
        assertNothingPublishedSince(mark);
    }

    @Test
    void should_store_one_message_when_a_retry_races_the_first_attempt() {
        ConversationId direct = ConversationId.direct(alice, bob);
        CommandEnvelope hello = envelope(alice, "key-1", "fingerprint-hello", post(direct, "hello"));

        CompletableFuture<Appended> first = log.append(hello);
        CompletableFuture<Appended> retry = log.append(hello);

        assertThat(succeeded(retry)).isEqualTo(succeeded(first));
        assertThat(texts(allEvents(bob, direct))).containsExactly("hello");
        assertThat(seqs(settledSince(0).stream().flatMap(d -> newEventOf(d, direct).stream()).toList()))
                .containsExactly(1L);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Publishing
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_publish_each_event_to_the_members_once_it_can_be_read() {
        ConversationId direct = ConversationId.direct(alice, bob);
        List<Boolean> readableWhenPublished = new CopyOnWriteArrayList<>();
        try (EventBus.Subscription subscription = bus.subscribe(delivery -> newEventOf(delivery, direct)
                .ifPresent(event -> readableWhenPublished.add(readable(alice, event))))) {
            post(alice, direct, "one");
            post(bob, direct, "two");
            post(alice, direct, "three");

            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(readableWhenPublished).hasSize(3));
        }

        assertThat(readableWhenPublished).containsOnly(true);
        List<Delivery> deliveries = bus.published();
        assertThat(deliveries).hasSize(3);
        assertThat(deliveries).extracting(Delivery::recipients).containsOnly(Set.of(alice, bob));
        assertThat(deliveries).extracting(Delivery::push).allSatisfy(push -> assertThat(push)
                .isInstanceOf(Push.NewEvent.class));
        assertThat(millis(newEvents(direct, 0))).isEqualTo(millis(allEvents(alice, direct)));
    }

    @Test
    void should_publish_the_events_of_a_conversation_in_sequence_order() {
        ConversationId direct = ConversationId.direct(alice, bob);
        List<CompletableFuture<Appended>> results = new ArrayList<>();

        for (int i = 0; i < 50; i++) {
            results.add(log.append(envelope(i % 2 == 0 ? alice : bob, post(direct, "message " + i))));
        }

        assertThat(results.stream().map(ChatStoreContract::succeeded).map(Appended::seq).toList())
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(newEvents(direct, 0)).hasSize(50));
        assertThat(seqs(newEvents(direct, 0))).containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
    }

    @Test
    void should_publish_a_message_as_posted_and_read_it_as_it_is_now() {
        ConversationId direct = ConversationId.direct(alice, bob);
        post(bob, direct, "helo");
        append(bob, new EditMessage(direct, 1, new MessageBody.Text("hello")));

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(newEvents(direct, 0)).hasSize(2));
        MessagePosted live = posted(newEvents(direct, 0).getFirst());
        assertThat(live.body()).isEqualTo(new MessageBody.Text("helo"));
        assertThat(live.editedAt()).isNull();
        assertThat(live.deleted()).isFalse();
        assertThat(newEvents(direct, 0).get(1).body()).isEqualTo(new MessageEdited(1, new MessageBody.Text("hello")));
        assertThat(text(eventAt(alice, direct, 1))).isEqualTo("hello");
    }

    @Test
    void should_publish_a_removal_to_the_removed_member_too() {
        ConversationId group = createGroup(alice, "Team", bob, carol);
        int mark = bus.mark();

        Appended removed = append(alice, new RemoveMember(group, carol));

        assertThat(removed).isEqualTo(new Appended(group, 2, 0));
        Delivery delivery = awaitNewEvent(group, 2, mark);
        assertThat(millis(List.of(((Push.NewEvent) delivery.push()).event())))
                .isEqualTo(millis(List.of(eventAt(alice, group, 2))));
        assertThat(((Push.NewEvent) delivery.push()).event().body()).isEqualTo(new MemberRemoved(carol));
        assertThat(delivery.recipients()).containsExactlyInAnyOrder(alice, bob, carol);
        assertThat(reader.memberIds(group)).containsExactlyInAnyOrder(alice, bob);

        post(alice, group, "now that carol is gone");

        assertThat(awaitNewEvent(group, 3, mark).recipients()).as("recipients after the removal")
                .containsExactlyInAnyOrder(alice, bob);
    }

    @Test
    void should_publish_an_addition_to_the_added_members_and_a_leave_to_the_leaver() {
        ConversationId group = createGroup(alice, "Team", bob);
        int mark = bus.mark();

        append(alice, new AddMembers(group, List.of(carol, dave)));
        append(bob, new LeaveGroup(group));

        Delivery added = awaitNewEvent(group, 2, mark);
        assertThat(((Push.NewEvent) added.push()).event().body())
                .isEqualTo(new MembersAdded(List.of(Member.joined(carol, Role.MEMBER), Member.joined(dave, Role.MEMBER))));
        assertThat(added.recipients()).containsExactlyInAnyOrder(alice, bob, carol, dave);
        Delivery left = awaitNewEvent(group, 3, mark);
        assertThat(((Push.NewEvent) left.push()).event().body()).isEqualTo(new MemberLeft(bob));
        assertThat(left.recipients()).containsExactlyInAnyOrder(alice, bob, carol, dave);
        assertThat(reader.memberIds(group)).containsExactlyInAnyOrder(alice, carol, dave);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Direct conversations
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_create_a_direct_conversation_with_its_first_message() {
        ConversationId direct = ConversationId.direct(alice, bob);
        assertThat(reader.memberIds(direct)).isEmpty();
        assertThat(reader.conversations(alice)).isEmpty();

        Appended first = post(bob, direct, "hi alice");

        assertThat(first.seq()).isEqualTo(1);
        assertThat(reader.memberIds(direct)).containsExactlyInAnyOrder(alice, bob);
        SyncPage page = reader.sync(alice, direct, 0, ChatReader.MAX_PAGE);
        assertThat(page.id()).isEqualTo(direct);
        assertThat(page.kind()).isEqualTo(ConversationKind.DIRECT);
        assertThat(page.lastSeq()).isEqualTo(1);
        assertThat(roles(page.members())).containsExactlyInAnyOrderEntriesOf(Map.of(alice, Role.MEMBER, bob, Role.MEMBER));
        assertThat(reader.conversations(alice)).singleElement().satisfies(summary -> {
            assertThat(summary.id()).isEqualTo(direct);
            assertThat(summary.kind()).isEqualTo(ConversationKind.DIRECT);
            assertThat(summary.peerUserId()).isEqualTo(bob);
            assertThat(summary.lastSeq()).isEqualTo(1);
            assertThat(summary.unread()).isEqualTo(1);
            assertThat(summary.memberCount()).isEqualTo(2);
            assertThat(summary.self().userId()).isEqualTo(alice);
            assertThat(text(summary.lastMessage())).isEqualTo("hi alice");
        });
        assertThat(reader.conversations(bob)).singleElement().satisfies(summary -> {
            assertThat(summary.peerUserId()).isEqualTo(alice);
            assertThat(summary.unread()).isZero();
        });
    }

    @Test
    void should_read_a_direct_conversation_not_created_yet_as_empty_for_its_two_users() {
        ConversationId direct = ConversationId.direct(alice, bob);

        SyncPage page = reader.sync(alice, direct, 0, ChatReader.MAX_PAGE);
        HistoryPage history = reader.history(bob, direct, 0, ChatReader.MAX_PAGE);

        assertThat(page.id()).isEqualTo(direct);
        assertThat(page.kind()).isEqualTo(ConversationKind.DIRECT);
        assertThat(page.events()).isEmpty();
        assertThat(page.lastSeq()).isZero();
        assertThat(page.hasMore()).isFalse();
        assertThat(history.events()).isEmpty();
        assertThat(history.hasMore()).isFalse();
        assertReadRefused(carol, direct, ChatError.CONVERSATION_NOT_FOUND);
        assertThat(reader.memberIds(direct)).isEmpty();
        assertThat(reader.conversations(alice)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Groups
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_create_a_group_with_its_owner_and_members() {
        ConversationId group = newGroupId();
        int mark = bus.mark();

        Appended created = append(alice, new CreateGroup(group, "  Team  ", List.of(bob, carol, alice, bob)));

        assertThat(created).isEqualTo(new Appended(group, 1, 0));
        SyncPage page = reader.sync(bob, group, 0, ChatReader.MAX_PAGE);
        assertThat(page.kind()).isEqualTo(ConversationKind.GROUP);
        assertThat(page.title()).isEqualTo("Team");
        assertThat(page.lastSeq()).isEqualTo(1);
        assertThat(page.events()).singleElement().satisfies(event -> {
            assertThat(event.actor()).isEqualTo(alice);
            assertThat(event.body()).isInstanceOfSatisfying(GroupCreated.class, body -> {
                assertThat(body.title()).isEqualTo("Team");
                assertThat(body.members()).containsExactlyInAnyOrder(Member.joined(alice, Role.OWNER),
                        Member.joined(bob, Role.MEMBER), Member.joined(carol, Role.MEMBER));
            });
        });
        assertThat(roles(page.members())).containsExactlyInAnyOrderEntriesOf(
                Map.of(alice, Role.OWNER, bob, Role.MEMBER, carol, Role.MEMBER));
        assertThat(reader.memberIds(group)).containsExactlyInAnyOrder(alice, bob, carol);
        assertThat(awaitNewEvent(group, 1, mark).recipients()).containsExactlyInAnyOrder(alice, bob, carol);
        assertThat(reader.conversations(carol)).singleElement().satisfies(summary -> {
            assertThat(summary.id()).isEqualTo(group);
            assertThat(summary.kind()).isEqualTo(ConversationKind.GROUP);
            assertThat(summary.title()).isEqualTo("Team");
            assertThat(summary.memberCount()).isEqualTo(3);
            assertThat(summary.peerUserId()).isZero();
            assertThat(summary.lastSeq()).isEqualTo(1);
            assertThat(summary.lastMessage()).isNull();
            assertThat(summary.self().role()).isEqualTo(Role.MEMBER);
        });
    }

    @Test
    void should_add_and_remove_group_members() {
        ConversationId group = createGroup(alice, "Team", bob, carol);

        Appended added = append(alice, new AddMembers(group, List.of(dave, bob)));
        post(dave, group, "hi all");
        Appended removed = append(alice, new RemoveMember(group, carol));

        assertThat(added).isEqualTo(new Appended(group, 2, 0));
        assertThat(removed).isEqualTo(new Appended(group, 4, 0));
        assertThat(reader.memberIds(group)).containsExactlyInAnyOrder(alice, bob, dave);
        List<ChatEvent> events = allEvents(dave, group);
        assertThat(seqs(events)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(events.get(1).body()).isEqualTo(new MembersAdded(List.of(Member.joined(dave, Role.MEMBER))));
        assertThat(events.get(3).body()).isEqualTo(new MemberRemoved(carol));
        assertThat(reader.conversations(dave)).extracting(ConversationSummary::id).containsExactly(group);
        assertThat(reader.conversations(carol)).isEmpty();
        assertReadRefused(carol, group, ChatError.CONVERSATION_NOT_FOUND);
        assertRefused(envelope(carol, post(group, "still here?")), ChatError.CONVERSATION_NOT_FOUND);
        assertThat(reader.sync(alice, group, 0, 1).lastSeq()).isEqualTo(4);
    }

    @Test
    void should_refuse_a_group_change_by_a_plain_member_and_store_nothing() {
        ConversationId group = createGroup(alice, "Team", bob, carol);
        int mark = bus.mark();

        assertRefused(envelope(bob, new AddMembers(group, List.of(dave))), ChatError.NOT_ALLOWED);
        assertRefused(envelope(bob, new RenameGroup(group, "Bob's")), ChatError.NOT_ALLOWED);
        assertRefused(envelope(bob, new RemoveMember(group, carol)), ChatError.NOT_ALLOWED);
        assertRefused(envelope(bob, new SetRole(group, carol, Role.ADMIN)), ChatError.NOT_ALLOWED);
        assertRefused(envelope(alice, new LeaveGroup(group)), ChatError.NOT_ALLOWED);
        assertRefused(envelope(mallory, new AddMembers(group, List.of(mallory))), ChatError.CONVERSATION_NOT_FOUND);

        SyncPage page = reader.sync(alice, group, 0, ChatReader.MAX_PAGE);
        assertThat(page.lastSeq()).isEqualTo(1);
        assertThat(page.title()).isEqualTo("Team");
        assertThat(roles(page.members())).containsExactlyInAnyOrderEntriesOf(
                Map.of(alice, Role.OWNER, bob, Role.MEMBER, carol, Role.MEMBER));
        assertNothingPublishedSince(mark);
    }

    @Test
    void should_refuse_to_create_a_group_that_exists_or_has_a_direct_id() {
        ConversationId group = createGroup(alice, "Team", bob);
        int mark = bus.mark();

        assertRefused(envelope(carol, new CreateGroup(group, "Mine now", List.of(dave))), ChatError.INVALID_ARGUMENT);
        assertRefused(envelope(alice, new CreateGroup(ConversationId.direct(alice, bob), "Pair", List.of(bob))),
                ChatError.NOT_A_GROUP);

        SyncPage page = reader.sync(alice, group, 0, ChatReader.MAX_PAGE);
        assertThat(page.lastSeq()).isEqualTo(1);
        assertThat(page.title()).isEqualTo("Team");
        assertThat(reader.memberIds(group)).containsExactlyInAnyOrder(alice, bob);
        assertThat(reader.memberIds(ConversationId.direct(alice, bob))).isEmpty();
        assertNothingPublishedSince(mark);
    }

    @Test
    void should_rename_a_group() {
        ConversationId group = createGroup(alice, "Team", bob);

        Appended renamed = append(alice, new RenameGroup(group, "Dream team"));

        assertThat(renamed).isEqualTo(new Appended(group, 2, 0));
        SyncPage page = reader.sync(bob, group, 0, ChatReader.MAX_PAGE);
        assertThat(page.title()).isEqualTo("Dream team");
        assertThat(page.events().get(1).body()).isEqualTo(new GroupRenamed("Dream team"));
        assertThat(reader.conversations(bob)).singleElement()
                .satisfies(summary -> assertThat(summary.title()).isEqualTo("Dream team"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Edits, deletes, reactions
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_show_an_edited_message_with_its_new_text() {
        ConversationId direct = ConversationId.direct(alice, bob);
        post(bob, direct, "helo");

        Appended edited = append(bob, new EditMessage(direct, 1, new MessageBody.Text("hello")));
        Appended unchanged = append(bob, new EditMessage(direct, 1, new MessageBody.Text("hello")));

        assertThat(edited).isEqualTo(new Appended(direct, 2, 0));
        assertThat(unchanged.seq()).isZero();
        List<ChatEvent> events = allEvents(alice, direct);
        assertThat(events).hasSize(2);
        MessagePosted message = posted(events.getFirst());
        assertThat(message.body()).isEqualTo(new MessageBody.Text("hello"));
        assertThat(message.editedAt()).isNotNull();
        assertThat(message.deleted()).isFalse();
        assertThat(events.get(1).body()).isEqualTo(new MessageEdited(1, new MessageBody.Text("hello")));
        assertThat(reader.history(alice, direct, 0, ChatReader.MAX_PAGE).events()).isEqualTo(events);
    }

    @Test
    void should_refuse_to_edit_or_delete_someone_elses_message_or_a_missing_one() {
        ConversationId direct = ConversationId.direct(alice, bob);
        post(alice, direct, "mine");
        int mark = bus.mark();

        assertRefused(envelope(bob, new EditMessage(direct, 1, new MessageBody.Text("yours"))),
                ChatError.NOT_YOUR_MESSAGE);
        assertRefused(envelope(bob, new DeleteMessage(direct, 1)), ChatError.NOT_YOUR_MESSAGE);
        assertRefused(envelope(alice, new EditMessage(direct, 9, new MessageBody.Text("?"))),
                ChatError.MESSAGE_NOT_FOUND);
        assertRefused(envelope(alice, new React(direct, 9, "\uD83D\uDC4D", true)), ChatError.MESSAGE_NOT_FOUND);

        assertThat(texts(allEvents(alice, direct))).containsExactly("mine");
        assertThat(posted(eventAt(alice, direct, 1)).editedAt()).isNull();
        assertNothingPublishedSince(mark);
    }

    @Test
    void should_show_a_deleted_message_as_a_tombstone_without_text_reactions_or_edited_texts() {
        ConversationId direct = ConversationId.direct(alice, bob);
        post(alice, direct, "secret");
        append(alice, new EditMessage(direct, 1, new MessageBody.Text("secret 2")));
        append(alice, new EditMessage(direct, 1, new MessageBody.Text("secret 3")));
        append(bob, new React(direct, 1, "\uD83D\uDC4D", true));
        post(bob, direct, "keep me");

        Appended deleted = append(alice, new DeleteMessage(direct, 1));

        assertThat(deleted).isEqualTo(new Appended(direct, 6, 0));
        List<ChatEvent> events = allEvents(bob, direct);
        assertThat(seqs(events)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        MessagePosted tombstone = posted(events.getFirst());
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.body()).isEqualTo(new MessageBody.Text(""));
        assertThat(tombstone.reactions()).isEmpty();
        assertThat(events.get(1).body()).isEqualTo(new MessageEdited(1, new MessageBody.Text("")));
        assertThat(events.get(2).body()).isEqualTo(new MessageEdited(1, new MessageBody.Text("")));
        assertThat(events.get(3).body()).isEqualTo(new ReactionChanged(1, "\uD83D\uDC4D", true));
        assertThat(text(events.get(4))).isEqualTo("keep me");
        assertThat(events.get(5).body()).isEqualTo(new MessageDeleted(1));
        assertThat(reader.history(bob, direct, 0, ChatReader.MAX_PAGE).events()).isEqualTo(events);
        for (ChatEvent event : events) {
            assertThat(event.toString()).doesNotContain("secret");
        }
    }

    @Test
    void should_refuse_to_change_a_deleted_message_and_ignore_deleting_it_again() {
        ConversationId direct = ConversationId.direct(alice, bob);
        post(alice, direct, "oops");
        append(alice, new DeleteMessage(direct, 1));
        int mark = bus.mark();

        Appended again = append(alice, new DeleteMessage(direct, 1));

        assertThat(again.seq()).isZero();
        assertThat(again.messageId()).isZero();
        assertRefused(envelope(alice, new EditMessage(direct, 1, new MessageBody.Text("fixed"))),
                ChatError.MESSAGE_DELETED);
        assertRefused(envelope(bob, new React(direct, 1, "\uD83D\uDE2E", true)), ChatError.MESSAGE_DELETED);
        assertThat(reader.sync(bob, direct, 0, 1).lastSeq()).isEqualTo(2);
        assertNothingPublishedSince(mark);
    }

    @Test
    void should_show_the_current_reactions_of_a_message() {
        ConversationId direct = ConversationId.direct(alice, bob);
        String thumbs = "\uD83D\uDC4D";
        String heart = "\u2764\uFE0F";
        post(alice, direct, "good news");

        append(bob, new React(direct, 1, thumbs, true));
        append(alice, new React(direct, 1, thumbs, true));
        append(bob, new React(direct, 1, heart, true));
        Appended removed = append(bob, new React(direct, 1, thumbs, false));
        Appended twice = append(alice, new React(direct, 1, thumbs, true));
        Appended notThere = append(alice, new React(direct, 1, heart, false));

        assertThat(removed).isEqualTo(new Appended(direct, 5, 0));
        assertThat(twice.seq()).isZero();
        assertThat(notThere.seq()).isZero();
        List<ChatEvent> events = allEvents(bob, direct);
        assertThat(events).extracting(ChatEvent::body).containsSubsequence(
                new ReactionChanged(1, thumbs, true), new ReactionChanged(1, thumbs, true),
                new ReactionChanged(1, heart, true), new ReactionChanged(1, thumbs, false));
        assertThat(seqs(events)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(reactions(posted(events.getFirst())))
                .containsExactlyInAnyOrderEntriesOf(Map.of(thumbs, Set.of(alice), heart, Set.of(bob)));
        assertThat(reactions(posted(reader.history(alice, direct, 2, 1).events().getFirst())))
                .containsExactlyInAnyOrderEntriesOf(Map.of(thumbs, Set.of(alice), heart, Set.of(bob)));
        assertThat(reactions(posted(reader.conversations(alice).getFirst().lastMessage())))
                .containsExactlyInAnyOrderEntriesOf(Map.of(thumbs, Set.of(alice), heart, Set.of(bob)));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Receipts
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_move_receipts_forward_and_publish_them_to_the_members() {
        ConversationId direct = ConversationId.direct(alice, bob);
        post(alice, direct, "one");
        post(alice, direct, "two");
        post(alice, direct, "three");
        int mark = bus.mark();

        Appended delivered = append(bob, new MarkReceipt(direct, ReceiptKind.DELIVERED, 2));
        Appended seen = append(bob, new MarkReceipt(direct, ReceiptKind.SEEN, 3));

        assertThat(delivered).isEqualTo(new Appended(direct, 0, 0));
        assertThat(seen).isEqualTo(new Appended(direct, 0, 0));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(bus.publishedSince(mark)).containsExactly(
                new Delivery(Set.of(alice, bob), new Push.ReceiptMoved(direct, new Member(bob, Role.MEMBER, 2, 0))),
                new Delivery(Set.of(alice, bob), new Push.ReceiptMoved(direct, new Member(bob, Role.MEMBER, 3, 3)))));
        SyncPage page = reader.sync(alice, direct, 0, ChatReader.MAX_PAGE);
        assertThat(page.lastSeq()).isEqualTo(3);
        assertThat(page.members()).contains(new Member(bob, Role.MEMBER, 3, 3));
        assertThat(reader.conversations(bob)).singleElement().satisfies(summary -> {
            assertThat(summary.self()).isEqualTo(new Member(bob, Role.MEMBER, 3, 3));
            assertThat(summary.unread()).isZero();
        });
    }

    @Test
    void should_ignore_a_receipt_that_goes_backwards() {
        ConversationId direct = ConversationId.direct(alice, bob);
        post(alice, direct, "one");
        post(alice, direct, "two");
        post(alice, direct, "three");
        append(bob, new MarkReceipt(direct, ReceiptKind.DELIVERED, 3));
        append(bob, new MarkReceipt(direct, ReceiptKind.SEEN, 2));
        int mark = bus.mark();

        Appended seenBack = append(bob, new MarkReceipt(direct, ReceiptKind.SEEN, 1));
        Appended deliveredBack = append(bob, new MarkReceipt(direct, ReceiptKind.DELIVERED, 2));
        Appended same = append(bob, new MarkReceipt(direct, ReceiptKind.SEEN, 2));

        assertThat(List.of(seenBack, deliveredBack, same)).containsOnly(new Appended(direct, 0, 0));
        assertThat(reader.sync(alice, direct, 0, 1).members()).contains(new Member(bob, Role.MEMBER, 3, 2));
        assertNothingPublishedSince(mark);
    }

    @Test
    void should_refuse_a_receipt_beyond_the_latest_event_or_by_a_non_member() {
        ConversationId direct = ConversationId.direct(alice, bob);
        post(alice, direct, "one");
        int mark = bus.mark();

        assertRefused(envelope(bob, new MarkReceipt(direct, ReceiptKind.DELIVERED, 2)), ChatError.INVALID_ARGUMENT);
        assertRefused(envelope(bob, new MarkReceipt(direct, ReceiptKind.SEEN, -1)), ChatError.INVALID_ARGUMENT);
        assertRefused(envelope(carol, new MarkReceipt(direct, ReceiptKind.SEEN, 1)), ChatError.CONVERSATION_NOT_FOUND);
        assertRefused(envelope(alice, new MarkReceipt(ConversationId.direct(alice, carol), ReceiptKind.SEEN, 0)),
                ChatError.CONVERSATION_NOT_FOUND);

        assertThat(reader.sync(alice, direct, 0, 1).members()).contains(new Member(bob, Role.MEMBER, 0, 0));
        assertNothingPublishedSince(mark);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The conversation list
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_list_conversations_with_latest_sequence_unread_count_and_peer() {
        ConversationId direct = ConversationId.direct(alice, bob);
        post(alice, direct, "one");
        post(alice, direct, "two");
        post(alice, direct, "three");
        append(bob, new MarkReceipt(direct, ReceiptKind.SEEN, 1));
        ConversationId group = createGroup(alice, "Team", bob, carol);
        post(carol, group, "hello team");
        post(carol, group, "anyone?");

        Map<ConversationId, ConversationSummary> bobs = byId(reader.conversations(bob));
        Map<ConversationId, ConversationSummary> alices = byId(reader.conversations(alice));
        Map<ConversationId, ConversationSummary> carols = byId(reader.conversations(carol));

        assertThat(bobs).containsOnlyKeys(direct, group);
        assertThat(bobs.get(direct)).satisfies(summary -> {
            assertThat(summary.kind()).isEqualTo(ConversationKind.DIRECT);
            assertThat(summary.lastSeq()).isEqualTo(3);
            assertThat(summary.unread()).isEqualTo(2);
            assertThat(summary.peerUserId()).isEqualTo(alice);
            assertThat(summary.memberCount()).isEqualTo(2);
            assertThat(summary.self().seenSeq()).isEqualTo(1);
            assertThat(text(summary.lastMessage())).isEqualTo("three");
            assertThat(requireNonNull(summary.lastMessage()).seq()).isEqualTo(3);
        });
        assertThat(bobs.get(group)).satisfies(summary -> {
            assertThat(summary.kind()).isEqualTo(ConversationKind.GROUP);
            assertThat(summary.title()).isEqualTo("Team");
            assertThat(summary.lastSeq()).isEqualTo(3);
            assertThat(summary.unread()).isEqualTo(2);
            assertThat(summary.peerUserId()).isZero();
            assertThat(summary.memberCount()).isEqualTo(3);
            assertThat(text(summary.lastMessage())).isEqualTo("anyone?");
        });
        assertThat(alices).containsOnlyKeys(direct, group);
        assertThat(requireNonNull(alices.get(direct)).unread()).isZero();
        assertThat(requireNonNull(alices.get(direct)).peerUserId()).isEqualTo(bob);
        assertThat(requireNonNull(alices.get(group)).unread()).isEqualTo(2);
        assertThat(requireNonNull(alices.get(group)).self().role()).isEqualTo(Role.OWNER);
        assertThat(carols).containsOnlyKeys(group);
        assertThat(requireNonNull(carols.get(group)).unread()).isZero();
    }

    @Test
    void should_not_count_deleted_messages_as_unread() {
        ConversationId direct = ConversationId.direct(alice, bob);
        post(alice, direct, "one");
        post(alice, direct, "two");
        post(alice, direct, "three");

        append(alice, new DeleteMessage(direct, 2));
        append(bob, new React(direct, 3, "\uD83D\uDC4D", true));

        assertThat(reader.conversations(bob)).singleElement().satisfies(summary -> {
            assertThat(summary.unread()).isEqualTo(2);
            assertThat(summary.lastSeq()).isEqualTo(5);
        });
        assertThat(reader.conversations(alice)).singleElement()
                .satisfies(summary -> assertThat(summary.unread()).isZero());
    }

    @Test
    void should_list_the_most_recently_active_conversation_first() {
        ConversationId withBob = ConversationId.direct(alice, bob);
        ConversationId withCarol = ConversationId.direct(alice, carol);
        ConversationId group = newGroupId();

        post(bob, withBob, "first");
        clock.advance(Duration.ofSeconds(1));
        append(alice, new CreateGroup(group, "Team", List.of(dave)));
        clock.advance(Duration.ofSeconds(1));
        post(carol, withCarol, "second");

        assertThat(reader.conversations(alice)).extracting(ConversationSummary::id)
                .containsExactly(withCarol, group, withBob);

        clock.advance(Duration.ofSeconds(1));
        post(bob, withBob, "again");

        List<ConversationSummary> list = reader.conversations(alice);
        assertThat(list).extracting(ConversationSummary::id).containsExactly(withBob, withCarol, group);
        assertThat(list).extracting(ConversationSummary::lastActivity).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void should_list_nothing_for_a_user_without_conversations() {
        post(alice, ConversationId.direct(alice, bob), "hi");

        assertThat(reader.conversations(carol)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Sync and history
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_sync_the_exact_range_after_a_sequence_number() {
        ConversationId direct = ConversationId.direct(alice, bob);
        for (int i = 1; i <= 10; i++) {
            post(alice, direct, "m" + i);
        }

        SyncPage middle = reader.sync(bob, direct, 3, 4);
        SyncPage end = reader.sync(bob, direct, 7, 4);
        SyncPage nothing = reader.sync(bob, direct, 10, 4);
        SyncPage exact = reader.sync(bob, direct, 0, 10);

        assertThat(seqs(middle.events())).containsExactly(4L, 5L, 6L, 7L);
        assertThat(texts(middle.events())).containsExactly("m4", "m5", "m6", "m7");
        assertThat(middle.hasMore()).isTrue();
        assertThat(middle.lastSeq()).isEqualTo(10);
        assertThat(middle.id()).isEqualTo(direct);
        assertThat(middle.members()).extracting(Member::userId).containsExactlyInAnyOrder(alice, bob);
        assertThat(seqs(end.events())).containsExactly(8L, 9L, 10L);
        assertThat(end.hasMore()).isFalse();
        assertThat(nothing.events()).isEmpty();
        assertThat(nothing.hasMore()).isFalse();
        assertThat(nothing.lastSeq()).isEqualTo(10);
        assertThat(seqs(exact.events())).containsExactlyElementsOf(LongStream.rangeClosed(1, 10).boxed().toList());
        assertThat(exact.hasMore()).isFalse();
    }

    @Test
    void should_page_history_backwards_in_pages_oldest_first() {
        ConversationId direct = ConversationId.direct(alice, bob);
        for (int i = 1; i <= 10; i++) {
            post(alice, direct, "m" + i);
        }

        HistoryPage latest = reader.history(bob, direct, 0, 4);
        HistoryPage before7 = reader.history(bob, direct, 7, 4);
        HistoryPage before3 = reader.history(bob, direct, 3, 4);
        HistoryPage exact = reader.history(bob, direct, 5, 4);

        assertThat(latest.id()).isEqualTo(direct);
        assertThat(seqs(latest.events())).containsExactly(7L, 8L, 9L, 10L);
        assertThat(texts(latest.events())).containsExactly("m7", "m8", "m9", "m10");
        assertThat(latest.hasMore()).isTrue();
        assertThat(seqs(before7.events())).containsExactly(3L, 4L, 5L, 6L);
        assertThat(before7.hasMore()).isTrue();
        assertThat(seqs(before3.events())).containsExactly(1L, 2L);
        assertThat(before3.hasMore()).isFalse();
        assertThat(seqs(exact.events())).containsExactly(1L, 2L, 3L, 4L);
        assertThat(exact.hasMore()).isFalse();
    }

    @Test
    void should_answer_outsiders_the_same_for_a_conversation_that_exists_and_one_that_does_not() {
        ConversationId direct = ConversationId.direct(alice, bob);
        ConversationId group = createGroup(alice, "Team", bob);
        post(alice, direct, "private");

        assertReadRefused(carol, direct, ChatError.CONVERSATION_NOT_FOUND);
        assertReadRefused(carol, ConversationId.direct(alice, mallory), ChatError.CONVERSATION_NOT_FOUND);
        assertReadRefused(mallory, group, ChatError.CONVERSATION_NOT_FOUND);
        assertReadRefused(mallory, newGroupId(), ChatError.CONVERSATION_NOT_FOUND);
        assertThat(reader.conversations(mallory)).isEmpty();
    }

    @Test
    void should_refuse_to_read_an_unknown_group() {
        ConversationId unknown = newGroupId();

        assertReadRefused(alice, unknown, ChatError.CONVERSATION_NOT_FOUND);
        assertThat(reader.memberIds(unknown)).isEmpty();
    }

    @Test
    void should_list_the_member_ids_of_a_conversation() {
        ConversationId direct = ConversationId.direct(alice, bob);
        ConversationId group = createGroup(carol, "Team", alice, dave);
        post(bob, direct, "hi");

        assertThat(reader.memberIds(direct)).containsExactlyInAnyOrder(alice, bob);
        assertThat(reader.memberIds(group)).containsExactlyInAnyOrder(carol, alice, dave);
        assertThat(reader.memberIds(ConversationId.direct(alice, carol))).isEmpty();
        assertThat(reader.memberIds(newGroupId())).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers for subclasses and tests
    // ---------------------------------------------------------------------------------------------------------------

    /** A group ID of this test, not created yet. */
    protected ConversationId newGroupId() {
        return ConversationId.group(idBase + 500 + ++groups);
    }

    protected CommandEnvelope envelope(long actor, ChatCommand command) {
        return envelope(actor, "", "", command);
    }

    protected CommandEnvelope envelope(long actor, String idempotencyKey, String fingerprint, ChatCommand command) {
        return new CommandEnvelope(actor, idBase + 900 + devices.incrementAndGet(), idempotencyKey, fingerprint, command);
    }

    protected static PostMessage post(ConversationId conversation, String text) {
        return new PostMessage(conversation, new MessageBody.Text(text), 0);
    }

    /** Posts a text message and waits for its result. */
    protected Appended post(long actor, ConversationId conversation, String text) {
        return append(actor, post(conversation, text));
    }

    protected Appended append(long actor, ChatCommand command) {
        return append(envelope(actor, command));
    }

    protected Appended append(CommandEnvelope command) {
        return succeeded(log.append(command));
    }

    /** Creates a group owned by {@code owner} and returns its ID. */
    protected ConversationId createGroup(long owner, String title, Long... members) {
        ConversationId group = newGroupId();
        assertThat(append(owner, new CreateGroup(group, title, List.of(members)))).isEqualTo(new Appended(group, 1, 0));
        return group;
    }

    /** Waits for a future that must succeed. */
    protected static <T> T succeeded(CompletableFuture<T> future) {
        try {
            T result = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(result).as("result of a successful append").isNotNull();
            return result;
        } catch (ExecutionException e) {
            throw new AssertionError("expected success, was refused: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no result within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Asserts that the command completes exceptionally with a {@link ChatException} carrying {@code error}. */
    protected ChatException assertRefused(CommandEnvelope command, ChatError error) {
        CompletableFuture<Appended> future = log.append(command);
        Throwable failure;
        try {
            Appended result = future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return fail("expected %s to be refused with %s, but it completed with %s", command.command(), error, result);
        } catch (ExecutionException e) {
            failure = e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("no result within " + TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        while (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        assertThat(failure).as("refusal of %s", command.command()).isInstanceOf(ChatException.class);
        ChatException refusal = (ChatException) requireNonNull(failure);
        assertThat(refusal.error()).as("error of %s (%s)", command.command(), refusal.getMessage()).isEqualTo(error);
        return refusal;
    }

    /** Asserts that both reads of the conversation are refused with {@code error}. */
    protected void assertReadRefused(long user, ConversationId conversation, ChatError error) {
        assertThatExceptionOfType(ChatException.class)
                .isThrownBy(() -> reader.sync(user, conversation, 0, ChatReader.MAX_PAGE))
                .satisfies(e -> assertThat(e.error()).as("sync: %s", e.getMessage()).isEqualTo(error));
        assertThatExceptionOfType(ChatException.class)
                .isThrownBy(() -> reader.history(user, conversation, 0, ChatReader.MAX_PAGE))
                .satisfies(e -> assertThat(e.error()).as("history: %s", e.getMessage()).isEqualTo(error));
    }

    /**
     * The deliveries published since {@code mark}, once the bus has settled: a message to a conversation of its own
     * is appended and awaited first, so anything published before it has arrived. That message is left out.
     */
    protected List<Delivery> settledSince(int mark) {
        ConversationId barrier = ConversationId.direct(idBase + 97, idBase + 98);
        Appended appended = post(idBase + 97, barrier, "barrier");
        await().atMost(TIMEOUT).until(() -> newEvents(barrier, mark).stream().anyMatch(e -> e.seq() == appended.seq()));
        return bus.publishedSince(mark).stream()
                .filter(delivery -> !(delivery.push() instanceof Push.NewEvent(ChatEvent event)
                        && event.conversation().equals(barrier)))
                .toList();
    }

    protected void assertNothingPublishedSince(int mark) {
        assertThat(settledSince(mark)).as("deliveries published after a refused or ignored command").isEmpty();
    }

    /** Waits for the delivery of event {@code seq} of a conversation published since {@code mark}. */
    protected Delivery awaitNewEvent(ConversationId conversation, long seq, int mark) {
        return await().atMost(TIMEOUT).until(() -> bus.publishedSince(mark).stream()
                .filter(delivery -> newEventOf(delivery, conversation).filter(e -> e.seq() == seq).isPresent())
                .findFirst(), Optional::isPresent).orElseThrow();
    }

    /** The events of a conversation published since {@code mark}, in publishing order. */
    protected List<ChatEvent> newEvents(ConversationId conversation, int mark) {
        return bus.publishedSince(mark).stream().flatMap(d -> newEventOf(d, conversation).stream()).toList();
    }

    private static Optional<ChatEvent> newEventOf(Delivery delivery, ConversationId conversation) {
        return delivery.push() instanceof Push.NewEvent(ChatEvent event) && event.conversation().equals(conversation)
                ? Optional.of(event)
                : Optional.empty();
    }

    /** Every event of a conversation, read with sync page by page. */
    protected List<ChatEvent> allEvents(long user, ConversationId conversation) {
        List<ChatEvent> events = new ArrayList<>();
        long after = 0;
        while (true) {
            SyncPage page = reader.sync(user, conversation, after, 100);
            events.addAll(page.events());
            if (!page.hasMore()) {
                return events;
            }
            assertThat(page.events()).as("a page with more after it").isNotEmpty();
            after = page.events().getLast().seq();
        }
    }

    protected ChatEvent eventAt(long user, ConversationId conversation, long seq) {
        SyncPage page = reader.sync(user, conversation, seq - 1, 1);
        assertThat(page.events()).as("event %s of %s", seq, conversation).hasSize(1);
        ChatEvent event = page.events().getFirst();
        assertThat(event.seq()).isEqualTo(seq);
        return event;
    }

    private boolean readable(long user, ChatEvent event) {
        try {
            SyncPage page = reader.sync(user, event.conversation(), event.seq() - 1, 1);
            return page.lastSeq() >= event.seq() && !page.events().isEmpty() && page.events().getFirst().seq() == event.seq();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The events with their times at millisecond precision, what clients see and stores keep. */
    protected static List<ChatEvent> millis(List<ChatEvent> events) {
        return events.stream().map(e -> new ChatEvent(e.conversation(), e.seq(), e.eventId(), e.actor(),
                e.at().truncatedTo(ChronoUnit.MILLIS), e.body())).toList();
    }

    protected static List<Long> seqs(List<ChatEvent> events) {
        return events.stream().map(ChatEvent::seq).toList();
    }

    protected static MessagePosted posted(@Nullable ChatEvent event) {
        if (event == null) {
            throw new AssertionError("expected a message, but there is none");
        }
        assertThat(event.body()).as("event %s", event.seq()).isInstanceOf(MessagePosted.class);
        return (MessagePosted) event.body();
    }

    protected static String text(@Nullable ChatEvent event) {
        return switch (posted(event).body()) {
            case MessageBody.Text(String text) -> text;
        };
    }

    /** The texts of the messages among the events. */
    protected static List<String> texts(List<ChatEvent> events) {
        return events.stream().filter(e -> e.body() instanceof MessagePosted).map(ChatStoreContract::text).toList();
    }

    protected static Map<Long, Role> roles(List<Member> members) {
        Map<Long, Role> roles = new TreeMap<>();
        members.forEach(member -> roles.put(member.userId(), member.role()));
        assertThat(roles).as("members listed once each").hasSameSizeAs(members);
        return roles;
    }

    protected static Map<String, Set<Long>> reactions(MessagePosted message) {
        Map<String, Set<Long>> reactions = new LinkedHashMap<>();
        for (Reaction reaction : message.reactions()) {
            assertThat(reaction.userIds()).as("users of %s", reaction.emoji()).doesNotHaveDuplicates().isNotEmpty();
            assertThat(reactions.put(reaction.emoji(), Set.copyOf(reaction.userIds())))
                    .as("emoji %s listed once", reaction.emoji()).isNull();
        }
        return reactions;
    }

    private static Map<ConversationId, ConversationSummary> byId(List<ConversationSummary> list) {
        Map<ConversationId, ConversationSummary> byId = new LinkedHashMap<>();
        list.forEach(summary -> assertThat(byId.put(summary.id(), summary)).as("listed once: %s", summary.id()).isNull());
        return byId;
    }
}
