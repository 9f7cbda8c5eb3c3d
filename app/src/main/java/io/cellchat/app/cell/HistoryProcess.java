package io.cellchat.app.cell;

import static java.util.Objects.requireNonNull;

import com.datastax.oss.driver.api.core.CqlSession;
import com.linecorp.armeria.server.Server;
import io.cellchat.backplane.BackplaneTopics;
import io.cellchat.backplane.DeliveryPublisher;
import io.cellchat.backplane.KafkaEventBus;
import io.cellchat.platform.cassandra.CassandraSettings;
import io.cellchat.platform.cassandra.CqlMigrations;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.KafkaSettings;
import io.cellchat.platform.kafka.Topics;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.Metrics;
import io.cellchat.platform.server.BuildInfo;
import io.cellchat.platform.server.ServerBootstrap;
import io.cellchat.platform.server.ServerSettings;
import io.cellchat.services.history.materializer.MaterializerLoop;
import io.cellchat.services.history.store.cassandra.CassandraHistorySchema;
import io.cellchat.services.history.store.cassandra.CassandraHistoryWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of {@code cellchat serve --role materializer}: the operations server, then Kafka and the
 * topics, Cassandra and the history schema, then the loop from {@code chat.events} to Cassandra and
 * {@code chat.deliveries}. Ready while the last poll was written.
 */
public final class MaterializerProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MaterializerProcess.class);

    /**
     * What the role needs; built from the configuration keys of docs/configuration.md.
     *
     * @param group the materializers' consumer group
     * @param replication replication factor per datacenter, used if the keyspace must be created
     */
    public record Settings(ServerSettings server, KafkaSettings kafka, BackplaneTopics topics, String group,
            CassandraSettings cassandra, Map<String, Integer> replication, int maxInFlight, Duration maxBackoff) {
        public Settings {
            requireNonNull(cassandra.keyspace(), "cassandra.keyspace");
        }
    }

    private final Server server;
    private final MaterializerLoop loop;
    private final KafkaProducer<byte[], byte[]> producer;
    private final CqlSession session;

    private MaterializerProcess(Server server, MaterializerLoop loop, KafkaProducer<byte[], byte[]> producer,
            CqlSession session) {
        this.server = server;
        this.loop = loop;
        this.producer = producer;
        this.session = session;
    }

    public static MaterializerProcess start(Settings settings, BuildInfo build) {
        AtomicReference<MaterializerLoop> running = new AtomicReference<>();
        Server server = startServer(settings, build, running);
        EngineWaits.kafka(settings.kafka());
        try (Admin admin = KafkaClients.admin(settings.kafka())) {
            Topics.ensure(admin, settings.topics().all(), Duration.ofSeconds(30));
        }
        CqlSession session = startHistory(settings);
        KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(settings.kafka(), Map.of());
        DeliveryPublisher deliveries = new DeliveryPublisher(producer, settings.topics().deliveries());
        MaterializerLoop loop = new MaterializerLoop(KafkaClients.consumer(settings.kafka(), settings.group(),
                Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName())),
                settings.topics().events(), new CassandraHistoryWriter(session, settings.maxInFlight()),
                new KafkaEventBus(deliveries), deliveries, settings.maxBackoff());
        running.set(loop);
        loop.start(Duration.ofSeconds(60));
        log.info("{} materializer started; operations on port {}", build.describe("cellchat"),
                server.activeLocalPort());
        return new MaterializerProcess(server, loop, producer, session);
    }

    private static CqlSession startHistory(Settings settings) {
        CassandraSettings withoutKeyspace = new CassandraSettings(settings.cassandra().contactPoints(),
                settings.cassandra().localDatacenter(), null);
        String keyspace = requireNonNull(settings.cassandra().keyspace(), "cassandra.keyspace");
        try (CqlSession admin = EngineWaits.cassandra(withoutKeyspace)) {
            CqlMigrations.ensureKeyspace(admin, keyspace, settings.replication());
            CassandraHistorySchema.migrate(admin, keyspace);
        }
        return EngineWaits.cassandra(settings.cassandra());
    }

    private static Server startServer(Settings settings, BuildInfo build, AtomicReference<MaterializerLoop> running) {
        HealthCheck ready = new HealthCheck("materializer", () -> running.get() != null && running.get().healthy());
        Server server = ServerBootstrap.newServer(settings.server(), build, Metrics.newRegistry("materializer"),
                List.of(ready)).build();
        server.start().join();
        return server;
    }

    public int port() {
        return server.activeLocalPort();
    }

    @Override
    public void close() {
        loop.close();
        producer.close(Duration.ofSeconds(5));
        session.close();
        server.stop().join();
    }
}
