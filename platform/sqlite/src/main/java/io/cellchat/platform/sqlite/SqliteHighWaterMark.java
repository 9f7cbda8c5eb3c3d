package io.cellchat.platform.sqlite;

import io.cellchat.domain.id.HighWaterMark;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The ID generator's high-water mark in the single process: one row per worker in the embedded database, written
 * on a connection of its own (about once a second) with {@code synchronous=FULL}, so it is durable when
 * {@link #store} returns. Its table is created by the {@code platform} migrations.
 */
public final class SqliteHighWaterMark implements HighWaterMark, AutoCloseable {

    private final Connection connection;
    private final int worker;

    public SqliteHighWaterMark(SqliteDatabase database, int worker) {
        this.worker = worker;
        try {
            this.connection = database.openConnection();
            this.connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the ID high-water mark: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized long load() {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT value FROM id_high_water_mark WHERE worker = ?")) {
            select.setInt(1, worker);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the ID high-water mark: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void store(long millisSinceEpoch) {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO id_high_water_mark (worker, value) VALUES (?, ?)"
                        + " ON CONFLICT (worker) DO UPDATE SET value = excluded.value")) {
            upsert.setInt(1, worker);
            upsert.setLong(2, millisSinceEpoch);
            upsert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the ID high-water mark: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing at shutdown; nothing to recover
        }
    }
}
