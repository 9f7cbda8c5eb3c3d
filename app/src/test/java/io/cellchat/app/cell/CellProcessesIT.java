package io.cellchat.app.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cellchat.app.TelemetrySettings;
import io.cellchat.backplane.BackplaneTopics;
import io.cellchat.backplane.DeliveryListener;
import io.cellchat.domain.chat.ChatCommand;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.chat.ChatLog.Appended;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.MessageBody;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.id.HighWaterMark;
import io.cellchat.domain.id.LeasedIdWorker;
import io.cellchat.domain.id.Sleeper;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.platform.cassandra.CassandraSessions;
import io.cellchat.platform.kafka.KafkaSettings;
import io.cellchat.platform.server.BuildInfo;
import io.cellchat.platform.server.ServerSettings;
import io.cellchat.rpc.RpcSettings;
import io.cellchat.rpc.history.GrpcChatReader;
import io.cellchat.services.history.store.cassandra.CassandraChatReader;
import io.cellchat.services.sequencer.SequencerSettings;
import io.cellchat.testing.engines.CassandraNamespace;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.KafkaNamespace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The cell's composition roots on the real engines: a sequencer process and a history process (materializer and
 * history read API), each with its server, and a messaging server's backplane. A message goes the whole way and comes back as an outcome
 * and a push; both roles report ready; a send to an unreachable Kafka is answered {@code UNAVAILABLE} in time.
 */
@EngineTest
class CellProcessesIT {

    private static final BuildInfo BUILD = new BuildInfo("test", "test", List.of("cellchat.v1.json"));

    @Test
    void should_carry_a_message_through_the_roles_and_report_them_ready(KafkaNamespace kafka,
            CassandraNamespace cassandra) throws Exception {
        BackplaneTopics topics = new BackplaneTopics(kafka.prefix(), 4, 4, (short) 1, 1);
        SnowflakeIdGenerator ids = new SnowflakeIdGenerator(SnowflakeIdGenerator.Settings.of(0, 7), Clock.systemUTC(),
                Sleeper.system(), HighWaterMark.inMemory());
        Clock clock = Clock.systemUTC();
        try (HistoryProcess materializer = HistoryProcess.start(new HistoryProcess.Settings(
                        ServerSettings.loopback(0), kafka.settings(), topics, kafka.group("materializer"),
                        cassandra.settings(), Map.of(cassandra.localDatacenter(), 1), 32, Duration.ofSeconds(1),
                        TelemetrySettings.off()),
                        BUILD);
                SequencerProcess sequencer = SequencerProcess.start(new SequencerProcess.Settings(
                        ServerSettings.loopback(0), kafka.settings(), topics, new SequencerSettings(
                                kafka.group("sequencer"), Files.createTempDirectory("sequencer-"),
                                Duration.ofMillis(10), 0, 1, Duration.ofSeconds(6)), ChatLimits.DEFAULTS, null,
                                LeasedIdWorker.Settings.defaults(), SnowflakeIdGenerator.Settings.of(0, 7),
                                TelemetrySettings.off()),
                        ids, BUILD, clock);
                EdgeBackplane edge = EdgeBackplane.open(kafka.settings(), topics, clock, Duration.ofSeconds(20), 100);
                CqlSession session = CassandraSessions.open(cassandra.settings())) {
            List<Delivery> pushes = new CopyOnWriteArrayList<>();
            edge.bus().subscribe(pushes::add);
            edge.listen(kafka.group("messaging"), DeliveryListener.Ownership.NONE);
            ConversationId direct = ConversationId.direct(101, 102);

            Appended appended = edge.chatLog().append(new CommandEnvelope(101, 1, "k1", "f1",
                    new ChatCommand.PostMessage(direct, new MessageBody.Text("through the cell"), 0)))
                    .get(30, TimeUnit.SECONDS);

            assertThat(appended.seq()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> pushes.stream().anyMatch(d ->
                    d.push() instanceof Push.NewEvent(var event) && event.conversation().equals(direct)));
            assertThat(pushes).extracting(Delivery::recipients).contains(java.util.Set.of(101L), java.util.Set.of(102L));
            assertThat(new CassandraChatReader(session).sync(102, direct, 0, ChatReader.MAX_PAGE).lastSeq()).isEqualTo(1);
            // The history role's read API answers over gRPC from the same Cassandra.
            await().atMost(Duration.ofSeconds(20)).until(() -> ready(materializer.port()) == 200);
            assertThat(new GrpcChatReader(new RpcSettings(URI.create("http://127.0.0.1:" + materializer.port()),
                    Duration.ofSeconds(5))).sync(102, direct, 0, ChatReader.MAX_PAGE).lastSeq()).isEqualTo(1);
            // Ready may flip briefly while a consumer group rebalances (the test's own groups join beside the
            // roles'), so wait for it as for the history role above rather than sample it once.
            await().atMost(Duration.ofSeconds(20)).until(() -> ready(sequencer.port()) == 200);
            assertThat(ready(materializer.port())).isEqualTo(200);
        }
    }

    @Test
    void should_answer_unavailable_in_time_when_kafka_cannot_be_reached() {
        BackplaneTopics topics = new BackplaneTopics("nowhere.", 4, 4, (short) 1, 1);
        KafkaSettings unreachable = new KafkaSettings("127.0.0.1:1", "unreachable");
        try (EdgeBackplane edge = EdgeBackplane.open(unreachable, topics, Clock.systemUTC(), Duration.ofSeconds(3),
                10)) {
            long start = System.nanoTime();
            var result = edge.chatLog().append(new CommandEnvelope(101, 1, "k1", "f1",
                    new ChatCommand.PostMessage(ConversationId.direct(101, 102), new MessageBody.Text("hi"), 0)));

            assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(ChatException.class,
                            e -> assertThat(e.error()).isEqualTo(ChatError.UNAVAILABLE));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    private static int ready(int port) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }
}
