package io.cellchat.platform.inprocess;

import io.cellchat.domain.presence.PresenceStore;
import io.cellchat.testing.contracts.PresenceStoreContract;

/** The presence store contract on the in-memory store of the single process. */
class InMemoryPresenceStoreTest extends PresenceStoreContract {

    @Override
    protected PresenceStore openStore() {
        return new InMemoryPresenceStore();
    }

    @Override
    protected void closeStore() {
        // nothing to release
    }
}
