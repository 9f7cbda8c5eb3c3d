package io.cellchat.testing.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.KafkaHealth;
import io.cellchat.platform.kafka.KafkaMetrics;
import io.cellchat.platform.kafka.KafkaTracing;
import io.cellchat.platform.kafka.KafkaSettings;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.Metrics;
import io.cellchat.platform.observability.tracing.Tracing;
import io.cellchat.platform.observability.tracing.TracingSettings;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.KafkaNamespace;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A message's trace crosses a real Kafka broker in the record's headers, and the clients' own metrics, consumer lag
 * among them, reach the Prometheus registry: what the cell's roles build on.
 */
@EngineTest
class KafkaObservabilityIT {

    @Test
    void should_carry_a_trace_and_its_baggage_through_record_headers_and_export_consumer_lag(KafkaNamespace kafka)
            throws Exception {
        String topic = kafka.topic("chat.events");
        try (Admin admin = KafkaClients.admin(kafka.settings())) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
            HealthCheck check = KafkaHealth.check(admin, Duration.ofSeconds(5));
            assertThat(check.name()).isEqualTo("kafka");
            assertThat(check.probe().getAsBoolean()).isTrue();
        }
        PrometheusMeterRegistry registry = Metrics.newRegistry("test");
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (Tracing tracing = Tracing.start(new TracingSettings(TracingSettings.Exporter.ZIPKIN, null, 1,
                        "cellchat-test", "t-1"), spans);
                KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.settings(), Map.of());
                KafkaConsumer<byte[], byte[]> consumer =
                        KafkaClients.consumer(kafka.settings(), kafka.group("materializer"), Map.of())) {
            KafkaTracing kafkaTracing = new KafkaTracing(tracing);
            KafkaMetrics.bind(producer, registry);
            KafkaMetrics.bind(consumer, registry);
            Span sent = tracing.tracer().spanBuilder("append").startSpan();
            Context sending = Context.root().with(sent)
                    .with(Baggage.builder().put("cellchat.conversation_id", "d:1:2").build());
            for (int i = 0; i < 5; i++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, bytes("d:1:2"), bytes("event " + i));
                kafkaTracing.inject(i == 0 ? sending : Context.root(), record.headers());
                producer.send(record).get();
            }
            sent.end();

            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read.size() < 5 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(read::add);
            }

            assertThat(read).hasSize(5);
            Context received = kafkaTracing.extract(read.getFirst().headers());
            assertThat(Span.fromContext(received).getSpanContext().getTraceId())
                    .isEqualTo(sent.getSpanContext().getTraceId());
            assertThat(Span.fromContext(received).getSpanContext().isRemote()).isTrue();
            assertThat(Baggage.fromContext(received).getEntryValue("cellchat.conversation_id")).isEqualTo("d:1:2");
            assertThat(read.get(1).headers().lastHeader("traceparent")).as("an untraced record has no header").isNull();
            try (Scope scope = received.makeCurrent()) {
                Span handled = tracing.tracer().spanBuilder("materialize").startSpan();
                assertThat(handled.getSpanContext().getTraceId()).isEqualTo(sent.getSpanContext().getTraceId());
                handled.end();
            }
            String scrape = registry.scrape();
            assertThat(scrape).contains("kafka_consumer_fetch_manager_records_lag_max{")
                    .contains("kafka_producer_record_send_total{");
        }
    }

    @Test
    void should_fail_the_readiness_check_within_its_timeout_when_no_broker_answers() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (Admin admin = KafkaClients.admin(new KafkaSettings("127.0.0.1:" + closedPort, "health-test"))) {
            HealthCheck check = KafkaHealth.check(admin, Duration.ofMillis(1500));
            long started = System.nanoTime();

            assertThatThrownBy(() -> check.probe().getAsBoolean()).isInstanceOf(IllegalStateException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
