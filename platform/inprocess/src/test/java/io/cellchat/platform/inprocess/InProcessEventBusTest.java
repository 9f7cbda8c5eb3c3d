package io.cellchat.platform.inprocess;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.delivery.Push;
import io.cellchat.testing.contracts.EventBusContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The event bus contract on the in-process bus; and its synchronous hand-off. */
class InProcessEventBusTest extends EventBusContract {

    @Override
    protected EventBus openBus() {
        return new InProcessEventBus();
    }

    @Override
    protected void closeBus() {
        // nothing to release
    }

    @Test
    void should_hand_a_delivery_to_the_subscribers_before_publish_returns() {
        List<Delivery> got = new ArrayList<>();
        Delivery delivery = new Delivery(Set.of(user(1)), new Push.SessionEnded(user(2)));
        try (EventBus.Subscription subscription = bus.subscribe(got::add)) {
            bus.publish(delivery);

            assertThat(got).containsExactly(delivery);
        }
    }
}
