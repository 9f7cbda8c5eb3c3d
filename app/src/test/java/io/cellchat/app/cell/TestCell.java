package io.cellchat.app.cell;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cellchat.backplane.BackplaneTopics;
import io.cellchat.backplane.DeliveryListener;
import io.cellchat.backplane.DeliveryPublisher;
import io.cellchat.backplane.KafkaChatLog;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.chat.ChatRules;
import io.cellchat.domain.chat.sequencing.Sequencer;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.id.HighWaterMark;
import io.cellchat.domain.id.Sleeper;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.platform.cassandra.CassandraSessions;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.Topics;
import io.cellchat.services.history.materializer.MaterializerLoop;
import io.cellchat.services.history.store.cassandra.CassandraChatReader;
import io.cellchat.services.history.store.cassandra.CassandraHistorySchema;
import io.cellchat.services.history.store.cassandra.CassandraHistoryWriter;
import io.cellchat.services.sequencer.KafkaSequencer;
import io.cellchat.services.sequencer.SequencerSettings;
import io.cellchat.testing.engines.CassandraNamespace;
import io.cellchat.testing.engines.KafkaNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The message path of a cell in one test JVM, on the run's real Kafka and Cassandra: the edge's {@link KafkaChatLog}
 * with its outcome listener, the Kafka Streams sequencer, the materializer and the Cassandra reader, each talking to
 * the others only through the topics and tables. The clock and the bus the sequencer and the materializer use can be
 * switched per test, because the port contract hands each test its own.
 */
final class TestCell implements AutoCloseable {

    final BackplaneTopics topics;
    final SwitchableClock clock = new SwitchableClock();
    final SwitchableBus bus = new SwitchableBus();
    final KafkaChatLog log;
    final CassandraChatReader reader;
    final CqlSession session;
    private final KafkaNamespace kafka;
    final KafkaProducer<byte[], byte[]> producer;
    private final DeliveryListener outcomes;
    private final Path stateDir;
    private KafkaSequencer sequencer;
    private MaterializerLoop materializer;
    private int sequencers;

    TestCell(KafkaNamespace kafka, CassandraNamespace cassandra) {
        this.kafka = kafka;
        this.topics = new BackplaneTopics(kafka.prefix(), 4, 4, (short) 1, 1);
        try (Admin admin = KafkaClients.admin(kafka.settings())) {
            Topics.ensure(admin, topics.all(), Duration.ofSeconds(30));
        }
        try {
            this.stateDir = Files.createTempDirectory("cellchat-sequencer-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.session = CassandraSessions.open(cassandra.settings());
        CassandraHistorySchema.migrate(session, cassandra.keyspace());
        this.reader = new CassandraChatReader(session);
        this.producer = KafkaClients.producer(kafka.settings(), Map.of());
        this.log = new KafkaChatLog(producer, topics.commands(), clock, Duration.ofSeconds(30), 10_000,
                new SecureRandom());
        this.outcomes = new DeliveryListener(KafkaClients.consumer(kafka.settings(), kafka.group("edge"), Map.of(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")), topics.deliveries(), delivery -> { },
                log::complete, DeliveryListener.Ownership.NONE);
        outcomes.start(Duration.ofSeconds(30));
        startSequencer(stateDir.resolve("0"));
        startMaterializer();
    }

    /** Starts a sequencer instance with its state in {@code dir} (a fresh folder restores from the changelog). */
    void startSequencer(Path dir) {
        SnowflakeIdGenerator ids = new SnowflakeIdGenerator(SnowflakeIdGenerator.Settings.of(0, ++sequencers),
                Clock.systemUTC(), Sleeper.system(), HighWaterMark.inMemory());
        sequencer = new KafkaSequencer(kafka.settings(), topics,
                new SequencerSettings(kafka.group("sequencer"), dir, Duration.ofMillis(10), 0, 1, Duration.ofSeconds(6)),
                new Sequencer(new ChatRules(ChatLimits.DEFAULTS), ids, clock), clock);
        if (!sequencer.start(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the sequencer did not reach RUNNING within 60 s");
        }
    }

    void stopSequencer() {
        sequencer.close();
    }

    void startMaterializer() {
        materializer = new MaterializerLoop(KafkaClients.consumer(kafka.settings(), kafka.group("materializer"),
                Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName())),
                topics.events(), new CassandraHistoryWriter(session, 128), bus,
                new DeliveryPublisher(producer, topics.deliveries()), Duration.ofSeconds(2));
        materializer.start(Duration.ofSeconds(30));
    }

    void stopMaterializer() {
        materializer.close();
    }

    MaterializerLoop materializer() {
        return materializer;
    }

    Path stateDir() {
        return stateDir;
    }

    @Override
    public void close() {
        materializer.close();
        sequencer.close();
        outcomes.close();
        producer.close(Duration.ofSeconds(5));
        session.close();
    }

    /** A clock whose target the current test sets. */
    static final class SwitchableClock extends Clock {
        private volatile Clock target = Clock.systemUTC();

        void use(Clock clock) {
            target = clock;
        }

        @Override
        public Instant instant() {
            return target.instant();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** A bus that forwards to the current test's bus. */
    static final class SwitchableBus implements EventBus {
        private volatile EventBus target;

        void use(EventBus bus) {
            target = bus;
        }

        @Override
        public void publish(Delivery delivery) {
            EventBus bus = target;
            if (bus != null) {
                bus.publish(delivery);
            }
        }

        @Override
        public Subscription subscribe(Consumer<Delivery> subscriber) {
            return target.subscribe(subscriber);
        }
    }
}
