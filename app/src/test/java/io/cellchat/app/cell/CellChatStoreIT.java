package io.cellchat.app.cell;

import io.cellchat.domain.delivery.EventBus;
import io.cellchat.testing.contracts.ChatStoreContract;
import io.cellchat.testing.engines.CassandraNamespace;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.KafkaNamespace;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;

/**
 * The {@link io.cellchat.domain.chat.ChatLog} and {@link io.cellchat.domain.chat.ChatReader} contract on the
 * distributed cell: appends go through {@code chat.commands}, the Kafka Streams sequencer, {@code chat.events}, the
 * materializer and Cassandra, and come back as outcomes on {@code chat.deliveries}; reads come from Cassandra. The
 * same suite runs on the embedded store (SqliteChatStoreTest).
 */
@EngineTest
class CellChatStoreIT extends ChatStoreContract {

    private static TestCell cell;

    CellChatStoreIT(KafkaNamespace kafka, CassandraNamespace cassandra) {
        synchronized (CellChatStoreIT.class) {
            if (cell == null) {
                cell = new TestCell(kafka, cassandra);
            }
        }
    }

    @Override
    protected ChatStore openStore(EventBus bus, Clock clock) {
        cell.bus.use(bus);
        cell.clock.use(clock);
        return new ChatStore(cell.log, cell.reader);
    }

    @Override
    protected void closeStore() {
        cell.bus.use(null);
    }

    @AfterAll
    static void stopTheCell() {
        if (cell != null) {
            cell.close();
            cell = null;
        }
    }
}
