package io.cellchat.services.sequencer;

import static java.util.Objects.requireNonNull;

import io.cellchat.backplane.BackplaneTopics;
import io.cellchat.domain.chat.sequencing.Sequencer;
import io.cellchat.platform.kafka.KafkaSettings;
import io.cellchat.platform.observability.tracing.Tracing;
import io.cellchat.platform.observability.tracing.TracingSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sequencer role: a Kafka Streams application, {@code chat.commands → SequencerProcessor → chat.events}, with
 * the rules' state in a persistent (RocksDB) store whose changelog Streams keeps, and
 * {@code processing.guarantee=exactly_once_v2} (docs/design/cell.md, "Why it is exactly-once").
 *
 * <p>Failover is Streams': when an instance dies, its tasks move to another one, which restores their state from the
 * changelog (or promotes a standby copy) and resumes from the last committed offset. A stream thread that fails on a
 * transient fault is replaced, and the command is sequenced again from the last commit.
 */
public final class KafkaSequencer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaSequencer.class);
    static final String STORE = "sequencer-state";

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private final CountDownLatch running = new CountDownLatch(1);

    /** A sequencer without tracing or meters (tests). */
    public KafkaSequencer(KafkaSettings kafka, BackplaneTopics topics, SequencerSettings settings, Sequencer sequencer,
            Clock clock) {
        this(kafka, topics, settings, sequencer, clock, Tracing.start(TracingSettings.off("cellchat-sequencer")),
                new CompositeMeterRegistry());
    }

    /**
     * @param tracing the {@code sequence} span of each command, continuing the trace of its record's headers
     * @param metrics where the Streams clients' own meters go ({@code kafka_stream_*}, {@code kafka_consumer_*},
     *     {@code kafka_producer_*}) and the sequencer's: {@code cellchat_sequencer_lag_records} (commands of
     *     {@code chat.commands} not yet read, over the partitions this instance holds) and
     *     {@code cellchat_sequencer_delay_seconds} (from a command's append to its sequencing)
     */
    public KafkaSequencer(KafkaSettings kafka, BackplaneTopics topics, SequencerSettings settings, Sequencer sequencer,
            Clock clock, Tracing tracing, MeterRegistry metrics) {
        requireNonNull(sequencer, "sequencer");
        requireNonNull(clock, "clock");
        requireNonNull(tracing, "tracing");
        Timer delay = Timer.builder("cellchat.sequencer.delay")
                .description("from a command's append to chat.commands to its sequencing")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(metrics);
        Topology topology = new Topology();
        topology.addSource("commands", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.commands());
        topology.addProcessor("sequencer", () -> new SequencerProcessor(sequencer, clock, STORE, tracing, delay),
                "commands");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Bytes(),
                Serdes.ByteArray()), "sequencer");
        topology.addSink("events", topics.events(), new ByteArraySerializer(), new ByteArraySerializer(), "sequencer");
        this.streams = new KafkaStreams(topology, properties(kafka, topics, settings));
        this.streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics);
        String commands = topics.commands();
        Gauge.builder("cellchat.sequencer.lag", streams, running -> lag(running, commands))
                .description("commands of chat.commands not yet read by this sequencer, over its partitions")
                .baseUnit("records")
                .register(metrics);
        streams.setUncaughtExceptionHandler(error -> {
            log.warn("A sequencer thread failed; replacing it (its commands are sequenced again from the last"
                    + " commit)", error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((now, before) -> {
            log.info("Sequencer {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                running.countDown();
            }
        });
    }

    private static Properties properties(KafkaSettings kafka, BackplaneTopics topics, SequencerSettings settings) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.CLIENT_ID_CONFIG, kafka.clientId() + "-sequencer");
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        config.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
        config.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toAbsolutePath().toString());
        config.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topics.replicationFactor());
        config.put(StreamsConfig.topicPrefix("min.insync.replicas"), Integer.toString(topics.minInsyncReplicas()));
        config.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 16L * 1024 * 1024);
        // The backplane's producer settings (docs/benchmarks/kafka.md); EOS itself forces acks=all and idempotence.
        config.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        config.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 64 * 1024);
        config.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), 500);
        // A crashed instance's tasks move after this long (Kafka's default is 45 s): sends wait for it.
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                (int) settings.sessionTimeout().toMillis());
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG),
                (int) Math.max(500, settings.sessionTimeout().toMillis() / 5));
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        return config;
    }

    /**
     * The sum of the stream consumers' {@code records-lag} over the partitions of {@code topic} they hold (a
     * partition reports once it has been fetched; NaN before then counts as 0).
     */
    static double lag(KafkaStreams streams, String topic) {
        double total = 0;
        for (Metric metric : streams.metrics().values()) {
            MetricName name = metric.metricName();
            if (name.name().equals("records-lag") && name.group().equals("consumer-fetch-manager-metrics")
                    && topic.equals(name.tags().get("topic"))
                    && metric.metricValue() instanceof Number value && !Double.isNaN(value.doubleValue())) {
                total += value.doubleValue();
            }
        }
        return total;
    }

    /** Starts the stream threads and waits, at most {@code timeout}, until the sequencer runs (state restored). */
    public boolean start(Duration timeout) {
        streams.start();
        try {
            return running.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether it sequences now (not restoring, rebalancing or failed). */
    public boolean running() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    @Override
    public void close() {
        streamsMetrics.close();
        // Leave the group: the tasks move to another instance at once instead of after the session timeout.
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
