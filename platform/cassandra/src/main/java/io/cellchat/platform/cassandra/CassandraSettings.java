package io.cellchat.platform.cassandra;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a process reaches Cassandra.
 *
 * @param contactPoints nodes to contact first
 * @param localDatacenter the datacenter whose nodes serve this process's queries
 * @param keyspace keyspace the session uses, or {@code null} to choose per query
 */
public record CassandraSettings(List<InetSocketAddress> contactPoints, String localDatacenter,
        @Nullable String keyspace) {

    public CassandraSettings {
        contactPoints = List.copyOf(contactPoints);
        requireNonNull(localDatacenter, "localDatacenter");
        if (contactPoints.isEmpty()) {
            throw new IllegalArgumentException("cassandra.contact-points: empty (expected: at least one host:port)");
        }
    }
}
