package io.cellchat.domain.id;

/** Mints unique, strictly increasing 64-bit IDs (see {@link Snowflake} for the layout). */
@FunctionalInterface
public interface IdGenerator {

    /** A new ID, greater than every ID this generator returned before, also before a restart. */
    long next();
}
