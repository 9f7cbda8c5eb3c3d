package io.cellchat.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration every role of a local cell reads ({@code cell.properties}, keys of docs/configuration.md):
 * where the engines and the users and history roles are, and the sizes of a cell on one machine (8 command
 * partitions, 16 user partitions; replication 3 with min ISR 2 on three brokers, else 1).
 */
record CellConfig(String kafka, int brokers, int cassandraPort, int postgresPort, int redisPort, int usersPort,
        int historyPort, Path sequencerState) {

    static void write(Path file, CellConfig cell) throws IOException {
        Files.writeString(file, """
                # Written by 'cellchat cluster up'; every role of the local cell reads it (docs/configuration.md).
                kafka.bootstrap-servers=%s
                kafka.topics.commands.partitions=8
                kafka.topics.deliveries.partitions=16
                kafka.topics.replication-factor=%d
                kafka.topics.min-insync-replicas=%d
                cassandra.contact-points=127.0.0.1:%d
                cassandra.local-datacenter=datacenter1
                cassandra.replication=datacenter1=1
                postgres.url=jdbc:postgresql://127.0.0.1:%d/postgres
                postgres.user=postgres
                postgres.max-pool-size=4
                redis.uri=redis://127.0.0.1:%d/0
                users.url=http://127.0.0.1:%d
                history.url=http://127.0.0.1:%d
                sequencer.state-dir=%s
                sequencer.standby-replicas=0
                """.formatted(cell.kafka(), Math.min(3, cell.brokers()), Math.min(2, cell.brokers()),
                cell.cassandraPort(), cell.postgresPort(), cell.redisPort(), cell.usersPort(), cell.historyPort(),
                cell.sequencerState()), StandardCharsets.UTF_8);
    }
}
