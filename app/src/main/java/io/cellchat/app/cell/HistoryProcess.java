package io.cellchat.app.cell;

import static java.util.Objects.requireNonNull;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cellchat.app.TelemetrySettings;
import io.cellchat.backplane.BackplaneTopics;
import io.cellchat.backplane.DeliveryPublisher;
import io.cellchat.backplane.KafkaEventBus;
import io.cellchat.platform.cassandra.CassandraHealth;
import io.cellchat.platform.cassandra.CassandraSettings;
import io.cellchat.platform.cassandra.CqlMigrations;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.KafkaHealth;
import io.cellchat.platform.kafka.KafkaSettings;
import io.cellchat.platform.kafka.Topics;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.server.BuildInfo;
import io.cellchat.platform.server.ServerSettings;
import io.cellchat.rpc.RpcServers;
import io.cellchat.rpc.history.HistoryGrpcService;
import io.cellchat.services.history.materializer.MaterializerLoop;
import io.cellchat.services.history.store.cassandra.CassandraChatReader;
import io.cellchat.services.history.store.cassandra.CassandraHistorySchema;
import io.cellchat.services.history.store.cassandra.CassandraHistoryWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The composition root of {@code cellchat serve --role history}: the materializer (from {@code chat.events} to
 * Cassandra and {@code chat.deliveries}) and the history read API over gRPC that messaging servers call for
 * conversation lists, sync and history. Started in named steps: the role's server (health only), Kafka and the
 * topics, Cassandra and the history schema, the materializer loop, then the read API. Ready while the last poll was
 * written, Cassandra answers and Kafka answers (each within {@code health.timeout}). Traced as {@code cellchat-history}:
 * a {@code materialize} span per record of {@code chat.events}, its Cassandra writes as client spans under it.
 */
public final class HistoryProcess implements AutoCloseable {

    /**
     * What the role needs; built from the configuration keys of docs/configuration.md.
     *
     * @param group the materializers' consumer group
     * @param replication replication factor per datacenter, used if the keyspace must be created
     */
    public record Settings(ServerSettings server, KafkaSettings kafka, BackplaneTopics topics, String group,
            CassandraSettings cassandra, Map<String, Integer> replication, int maxInFlight, Duration maxBackoff,
            TelemetrySettings telemetry) {
        public Settings {
            requireNonNull(telemetry, "telemetry");
            requireNonNull(server, "server");
            requireNonNull(kafka, "kafka");
            requireNonNull(topics, "topics");
            requireNonNull(group, "group");
            requireNonNull(cassandra.keyspace(), "cassandra.keyspace");
            replication = Map.copyOf(replication);
            requireNonNull(maxBackoff, "maxBackoff");
        }
    }

    private final RoleServer server;
    private final Admin admin;
    private final CqlSession session;
    private final KafkaProducer<byte[], byte[]> producer;
    private final MaterializerLoop loop;

    private HistoryProcess(Settings settings, BuildInfo build) {
        server = RoleServer.start("history", settings.server(), settings.telemetry(), build);
        admin = EngineWaits.kafkaAdmin(settings.kafka());
        Topics.ensure(admin, settings.topics().all(), Duration.ofSeconds(30));
        session = startCassandra(settings, server);
        producer = server.metered(KafkaClients.producer(settings.kafka(), Map.of()));
        DeliveryPublisher deliveries = new DeliveryPublisher(producer, settings.topics().deliveries(),
                server.kafkaTracing());
        loop = new MaterializerLoop(server.metered(KafkaClients.consumer(settings.kafka(), settings.group(),
                Map.of(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName()))),
                settings.topics().events(), new CassandraHistoryWriter(session, settings.maxInFlight(), server.tracing()),
                new KafkaEventBus(deliveries), deliveries, settings.maxBackoff(), server.tracing());
        loop.start(Duration.ofSeconds(60));
        CassandraChatReader reader = new CassandraChatReader(session);
        server.serve(List.of(new HealthCheck("materializer", loop::healthy),
                CassandraHealth.check(session, server.healthTimeout()), KafkaHealth.check(admin, server.healthTimeout())),
                routes -> routes.service(RpcServers.service(new HistoryGrpcService(reader))));
    }

    /** Starts the role; returns once it serves (it waits for Kafka and Cassandra if they are down). */
    public static HistoryProcess start(Settings settings, BuildInfo build) {
        return new HistoryProcess(requireNonNull(settings, "settings"), build);
    }

    /** Creates the keyspace if missing and applies the schema's migrations, then opens the session on it. */
    private static CqlSession startCassandra(Settings settings, RoleServer server) {
        CassandraSettings withoutKeyspace = new CassandraSettings(settings.cassandra().contactPoints(),
                settings.cassandra().localDatacenter(), null);
        String keyspace = requireNonNull(settings.cassandra().keyspace(), "cassandra.keyspace");
        try (CqlSession schema = EngineWaits.cassandra(withoutKeyspace)) {
            // A node that just started may time out the first writes; the keyspace and each migration are idempotent.
            EngineWaits.until("the history schema in Cassandra", () -> {
                CqlMigrations.ensureKeyspace(schema, keyspace, settings.replication());
                return CassandraHistorySchema.migrate(schema, keyspace);
            });
        }
        return EngineWaits.cassandra(settings.cassandra(), server.metrics());
    }

    public int port() {
        return server.port();
    }

    public void awaitTermination() {
        server.awaitTermination();
    }

    /** Stops taking reads, stops the loop (its offsets are committed), then closes the engines. */
    @Override
    public void close() {
        server.close();
        loop.close();
        producer.close(Duration.ofSeconds(5));
        session.close();
        admin.close();
    }
}
