package io.cellchat.testing.engines;

import io.cellchat.platform.cassandra.CassandraSettings;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * A test class's own keyspace (replication factor 1) on the run's Cassandra node, created before the class runs.
 *
 * @param contactPoint the node's CQL address
 * @param localDatacenter the node's datacenter
 * @param keyspace the keyspace of this class
 */
public record CassandraNamespace(InetSocketAddress contactPoint, String localDatacenter, String keyspace) {

    public CassandraSettings settings() {
        return new CassandraSettings(List.of(contactPoint), localDatacenter, keyspace);
    }
}
