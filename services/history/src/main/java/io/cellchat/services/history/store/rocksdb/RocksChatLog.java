package io.cellchat.services.history.store.rocksdb;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.chat.ChatLog;
import io.cellchat.domain.chat.ChatRules;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.chat.sequencing.Sequenced;
import io.cellchat.domain.chat.sequencing.Sequencer;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.id.IdGenerator;
import io.cellchat.platform.rocksdb.Batch;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The write side and sequencer of the single process, on RocksDB.
 *
 * <p>Each command is one unit of the store's group-commit writer: the shared {@link Sequencer} decides and numbers
 * it against the tables as the batch being written leaves them ({@link RocksSequencerState}), the
 * {@link OutcomeWriter} adds the events and everything they change to that batch, and the conversation cache takes
 * the state after them. The writer fsyncs the batch once for all its commands; only then are the deliveries
 * published (in commit order, on the publisher thread) and the senders answered. One thread numbers, so a committed
 * sequence has no gap, and a refused command adds nothing to the batch.
 */
public final class RocksChatLog implements ChatLog {

    private final RocksChatStore store;
    private final Sequencer sequencer;
    private final OutcomeWriter writer;
    private final HeaderRows headers;
    private final EventBus bus;

    public RocksChatLog(RocksChatStore store, ChatRules rules, IdGenerator ids, Clock clock, EventBus bus) {
        this.store = requireNonNull(store, "store");
        this.sequencer = new Sequencer(rules, ids, clock);
        this.headers = store.headers();
        this.writer = new OutcomeWriter(store.tables(), headers);
        this.bus = requireNonNull(bus, "bus");
    }

    @Override
    public CompletableFuture<Appended> append(CommandEnvelope command) {
        return store.rocks().writer()
                .submit(batch -> apply(batch, command), sequenced -> sequenced.deliveries().forEach(bus::publish))
                .handle((sequenced, error) -> {
                    if (error == null) {
                        return sequenced.appended();
                    }
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException(cause);
                });
    }

    private Sequenced apply(Batch batch, CommandEnvelope command) {
        // A refusal throws here, before anything is written or cached.
        Sequenced sequenced = sequencer.sequence(command,
                new RocksSequencerState(store.tables(), headers, store.cache(), batch));
        try {
            writer.write(sequenced, batch);
            DirectSeqs.Leaving rewrite = headers.rewriter(batch);
            switch (sequenced) {
                case Sequenced.Unchanged unchanged -> { }
                case Sequenced.ReceiptsMoved moved -> store.cache().put(moved.conversation(), null, rewrite);
                case Sequenced.EventsAppended appended ->
                        store.cache().put(appended.conversation(), appended.events().getLast().at(), rewrite);
            }
        } catch (RuntimeException e) {
            // The writer rolls this command's rows back, and with them any header row the cache wrote for it.
            store.forget();
            throw e;
        }
        return sequenced;
    }
}
