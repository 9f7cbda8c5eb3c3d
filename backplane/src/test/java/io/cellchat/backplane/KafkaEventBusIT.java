package io.cellchat.backplane;

import io.cellchat.domain.delivery.EventBus;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.Topics;
import io.cellchat.testing.contracts.EventBusContract;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.KafkaNamespace;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The {@link EventBus} contract on the cell's Kafka bus: publishing writes {@code chat.deliveries} on the real broker,
 * a {@link DeliveryListener} in a consumer group reads the partitions back and feeds the subscribers.
 */
@EngineTest
class KafkaEventBusIT extends EventBusContract {

    private static final AtomicInteger BUSES = new AtomicInteger();

    private final KafkaNamespace kafka;
    private final BackplaneTopics topics;
    private KafkaProducer<byte[], byte[]> producer;
    private DeliveryListener listener;

    KafkaEventBusIT(KafkaNamespace kafka) {
        this.kafka = kafka;
        this.topics = new BackplaneTopics(kafka.prefix(), 4, 4, (short) 1, 1);
        try (Admin admin = KafkaClients.admin(kafka.settings())) {
            Topics.ensure(admin, List.of(topics.deliveriesSpec()), Duration.ofSeconds(30));
        }
    }

    @Override
    protected EventBus openBus() {
        producer = KafkaClients.producer(kafka.settings(), Map.of());
        KafkaEventBus bus = new KafkaEventBus(new DeliveryPublisher(producer, topics.deliveries()));
        listener = new DeliveryListener(KafkaClients.consumer(kafka.settings(),
                kafka.group("messaging-" + BUSES.incrementAndGet()), Map.of(
                        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")),
                topics.deliveries(), bus::deliver, outcome -> { }, DeliveryListener.Ownership.NONE);
        listener.start(Duration.ofSeconds(30));
        return bus;
    }

    @Override
    protected void closeBus() {
        listener.close();
        producer.close(Duration.ofSeconds(5));
    }
}
