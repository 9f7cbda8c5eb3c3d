package io.cellchat.app.cell;

import static java.util.Objects.requireNonNull;

import io.cellchat.app.TelemetrySettings;
import io.cellchat.backplane.BackplaneTopics;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.chat.ChatRules;
import io.cellchat.domain.chat.sequencing.Sequencer;
import io.cellchat.domain.id.IdGenerator;
import io.cellchat.domain.id.LeasedIdWorker;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.platform.kafka.KafkaHealth;
import io.cellchat.platform.kafka.KafkaSettings;
import io.cellchat.platform.kafka.Topics;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.redis.RedisHealth;
import io.cellchat.platform.redis.RedisSettings;
import io.cellchat.platform.redis.SharedRedis;
import io.cellchat.platform.server.BuildInfo;
import io.cellchat.platform.server.ServerSettings;
import io.cellchat.services.sequencer.KafkaSequencer;
import io.cellchat.services.sequencer.SequencerSettings;
import io.cellchat.platform.observability.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of {@code cellchat serve --role sequencer}: the role's server first (so {@code /health/ready}
 * answers false while the engines are awaited), then Redis and a leased ID worker (event IDs), Kafka and the topics,
 * and the Kafka Streams sequencer, traced as {@code cellchat-sequencer} and measured (its Streams clients, its lag).
 * Ready while the sequencer runs (not while it restores or rebalances), Kafka and Redis answer and the ID lease is
 * valid.
 */
public final class SequencerProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SequencerProcess.class);

    /**
     * What the role needs; built from the configuration keys of docs/configuration.md.
     *
     * @param redis where the worker ID is leased; {@code null} when the caller brings its own generator (tests)
     */
    public record Settings(ServerSettings server, KafkaSettings kafka, BackplaneTopics topics,
            SequencerSettings sequencer, ChatLimits limits, @Nullable RedisSettings redis,
            LeasedIdWorker.Settings lease, SnowflakeIdGenerator.Settings ids, TelemetrySettings telemetry) {
        public Settings {
            requireNonNull(telemetry, "telemetry");
            requireNonNull(server, "server");
            requireNonNull(kafka, "kafka");
            requireNonNull(topics, "topics");
            requireNonNull(sequencer, "sequencer");
            requireNonNull(limits, "limits");
            requireNonNull(lease, "lease");
            requireNonNull(ids, "ids");
        }
    }

    private final RoleServer server;
    private final @Nullable SharedRedis redis;
    private final @Nullable LeasedIds leased;
    private final Admin admin;
    private final KafkaSequencer sequencer;

    private SequencerProcess(Settings settings, @Nullable IdGenerator given, BuildInfo build, Clock clock) {
        server = RoleServer.start("sequencer", settings.server(), settings.telemetry(), build);
        watchStateDisk(settings.sequencer().stateDir());
        List<HealthCheck> checks = new ArrayList<>();
        IdGenerator ids;
        if (given == null) {
            redis = EngineWaits.redis(requireNonNull(settings.redis(), "redis"), server.metrics());
            leased = LeasedIds.start(redis, settings.lease(), settings.ids(), "sequencer", clock);
            ids = leased.ids();
            checks.add(leased.check());
            checks.add(RedisHealth.check(redis.connection(), server.healthTimeout()));
        } else {
            redis = null;
            leased = null;
            ids = given;
        }
        admin = EngineWaits.kafkaAdmin(settings.kafka());
        Topics.ensure(admin, List.of(settings.topics().commandsSpec(), settings.topics().eventsSpec()),
                Duration.ofSeconds(30));
        checks.add(KafkaHealth.check(admin, server.healthTimeout()));
        sequencer = new KafkaSequencer(settings.kafka(), settings.topics(), settings.sequencer(),
                new Sequencer(new ChatRules(settings.limits()), ids, clock), clock, server.tracing(), server.metrics());
        if (!sequencer.start(Duration.ofMinutes(5))) {
            log.warn("The sequencer is not running yet (restoring its state?); /health/ready says when it is");
        }
        checks.add(new HealthCheck("sequencer", sequencer::running));
        server.serve(checks, routes -> { });
    }

    /** The file system of the Streams state ({@code disk_free_bytes}): the cell's only local data, and it grows. */
    private void watchStateDisk(Path stateDir) {
        try {
            Files.createDirectories(stateDir);
            Metrics.watchDisk(server.metrics(), stateDir);
        } catch (IOException e) {
            log.warn("Cannot watch the free space of {}: {}", stateDir, e.toString());
        }
    }

    /** Starts the role, leasing its worker ID in Redis; returns once the sequencer runs. */
    public static SequencerProcess start(Settings settings, BuildInfo build) {
        return new SequencerProcess(requireNonNull(settings, "settings"), null, build, Clock.systemUTC());
    }

    /**
     * Starts the role on a generator the caller holds (tests).
     *
     * @param ids the generator of event IDs, on a worker ID this process holds
     */
    public static SequencerProcess start(Settings settings, IdGenerator ids, BuildInfo build, Clock clock) {
        return new SequencerProcess(requireNonNull(settings, "settings"), requireNonNull(ids, "ids"), build, clock);
    }

    public int port() {
        return server.port();
    }

    public void awaitTermination() {
        server.awaitTermination();
    }

    /** Leaves the group (its tasks move at once), then gives the worker ID back and stops the server. */
    @Override
    public void close() {
        sequencer.close();
        if (leased != null) {
            leased.close();
        }
        if (redis != null) {
            redis.close();
        }
        admin.close();
        server.close();
    }
}
