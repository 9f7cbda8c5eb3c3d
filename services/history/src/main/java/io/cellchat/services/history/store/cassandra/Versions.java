package io.cellchat.services.history.store.cassandra;

/**
 * The write timestamps of the Cassandra history: versions, not times. Cassandra keeps, per cell, the value written
 * with the highest timestamp (a deletion wins a tie), so writing each value at a version that grows with the
 * conversation's sequence makes every write idempotent and order-independent: a replayed or late write of an older
 * event loses to what a newer one wrote. Nothing else writes these tables, so no wall-clock timestamp competes.
 *
 * <ul>
 *   <li>What an event changes is written at {@code 2 * seq}.</li>
 *   <li>A receipt mark {@code v} is written at {@code 2 * v + 1}: marks only move forward, a mark always beats the
 *       marks a member joined with (at {@code 2 * joinSeq}, values {@code <= joinSeq}), and the removal of a member
 *       at {@code 2 * seq} deletes every mark they set before it (all {@code < seq}).</li>
 * </ul>
 */
final class Versions {

    private Versions() {}

    static long event(long seq) {
        return 2 * seq;
    }

    static long mark(long value) {
        return 2 * value + 1;
    }
}
