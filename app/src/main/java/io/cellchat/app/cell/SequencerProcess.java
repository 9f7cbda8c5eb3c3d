package io.cellchat.app.cell;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.server.Server;
import io.cellchat.backplane.BackplaneTopics;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.chat.ChatRules;
import io.cellchat.domain.chat.sequencing.Sequencer;
import io.cellchat.domain.id.IdGenerator;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.KafkaSettings;
import io.cellchat.platform.kafka.Topics;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.Metrics;
import io.cellchat.platform.server.BuildInfo;
import io.cellchat.platform.server.ServerBootstrap;
import io.cellchat.platform.server.ServerSettings;
import io.cellchat.services.sequencer.KafkaSequencer;
import io.cellchat.services.sequencer.SequencerSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of {@code cellchat serve --role sequencer}: the operations server first (so
 * {@code /health/ready} answers false while Kafka is awaited), then Kafka, the topics, and the Kafka Streams
 * sequencer. Ready while the sequencer runs (not while it restores or rebalances).
 */
public final class SequencerProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SequencerProcess.class);

    /** What the role needs; built from the configuration keys of docs/configuration.md. */
    public record Settings(ServerSettings server, KafkaSettings kafka, BackplaneTopics topics,
            SequencerSettings sequencer, ChatLimits limits) {}

    private final Server server;
    private final KafkaSequencer sequencer;

    private SequencerProcess(Server server, KafkaSequencer sequencer) {
        this.server = server;
        this.sequencer = sequencer;
    }

    /**
     * Starts the role.
     *
     * @param ids the generator of event IDs, on a worker ID this process holds (leased in the cell)
     */
    public static SequencerProcess start(Settings settings, IdGenerator ids, BuildInfo build, Clock clock) {
        requireNonNull(settings, "settings");
        AtomicReference<KafkaSequencer> running = new AtomicReference<>();
        Server server = startServer(settings, build, running);
        EngineWaits.kafka(settings.kafka());
        ensureTopics(settings);
        KafkaSequencer sequencer = new KafkaSequencer(settings.kafka(), settings.topics(), settings.sequencer(),
                new Sequencer(new ChatRules(settings.limits()), ids, clock), clock);
        running.set(sequencer);
        if (!sequencer.start(Duration.ofMinutes(5))) {
            log.warn("The sequencer is not running yet (restoring its state?); /health/ready says when it is");
        }
        log.info("{} sequencer started; operations on port {}", build.describe("cellchat"), server.activeLocalPort());
        return new SequencerProcess(server, sequencer);
    }

    private static Server startServer(Settings settings, BuildInfo build, AtomicReference<KafkaSequencer> running) {
        HealthCheck ready = new HealthCheck("sequencer", () -> running.get() != null && running.get().running());
        Server server = ServerBootstrap.newServer(settings.server(), build, Metrics.newRegistry("sequencer"),
                List.of(ready)).build();
        server.start().join();
        return server;
    }

    private static void ensureTopics(Settings settings) {
        try (Admin admin = KafkaClients.admin(settings.kafka())) {
            Topics.ensure(admin, List.of(settings.topics().commandsSpec(), settings.topics().eventsSpec()),
                    Duration.ofSeconds(30));
        }
    }

    public int port() {
        return server.activeLocalPort();
    }

    /** Leaves the group (its tasks move at once), then stops the server. */
    @Override
    public void close() {
        sequencer.close();
        server.stop().join();
    }
}
