package io.cellchat.testing.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A single Cassandra 5.0 node from the jars Maven resolved for {@code testing/engines/cassandra}. Cassandra 5.0 fails
 * on JDK 25 (it installs a security policy the JDK no longer supports), so it runs on JDK 17 as its own process,
 * with the two start-up flags that cut its start from about 40 s to about 10 s.
 */
final class CassandraEngine {

    static final String DATACENTER = "datacenter1";

    private static final List<String> EXPORTS = List.of(
            "java.base/jdk.internal.misc", "java.base/jdk.internal.ref", "java.base/sun.nio.ch",
            "java.management.rmi/com.sun.jmx.remote.internal.rmi", "java.rmi/sun.rmi.registry",
            "java.rmi/sun.rmi.server", "java.sql/java.sql", "java.base/java.lang.ref", "jdk.unsupported/sun.misc");
    private static final List<String> OPENS = List.of(
            "java.base/java.lang.module", "java.base/jdk.internal.loader", "java.base/jdk.internal.ref",
            "java.base/jdk.internal.reflect", "java.base/jdk.internal.math", "java.base/jdk.internal.module",
            "java.base/jdk.internal.util.jar", "jdk.management/com.sun.management.internal", "java.base/sun.nio.ch",
            "java.base/java.io", "java.base/java.nio", "java.base/java.util.concurrent", "java.base/java.util",
            "java.base/java.util.concurrent.atomic", "java.base/java.lang", "java.base/java.math",
            "java.base/java.lang.reflect", "java.base/java.net");

    private CassandraEngine() {}

    static Engines.Started start(Path folder, long ownerPid) {
        Path java = Machine.javaOf(17).orElseThrow(() -> new IllegalStateException(
                "Cassandra 5.0 needs JDK 17 (it fails on 25): install openjdk-17-jdk-headless or set CELLCHAT_JDK17_HOME"));
        int nativePort = Machine.freePort();
        int storagePort = Machine.freePort();
        String classpath = Machine.engineClasspath("cassandra");
        Path data = folder.resolve("data");
        Path config = folder.resolve("cassandra.yaml");
        Path logback = folder.resolve("logback.xml");
        try {
            Files.writeString(config, """
                    cluster_name: cellchat-test
                    num_tokens: 16
                    allocate_tokens_for_local_replication_factor: 1
                    partitioner: org.apache.cassandra.dht.Murmur3Partitioner
                    auto_bootstrap: false
                    data_file_directories: [%1$s/data]
                    commitlog_directory: %1$s/commitlog
                    saved_caches_directory: %1$s/saved_caches
                    hints_directory: %1$s/hints
                    cdc_raw_directory: %1$s/cdc_raw
                    commitlog_sync: periodic
                    commitlog_sync_period: 10000ms
                    seed_provider:
                      - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                        parameters:
                          - seeds: "127.0.0.1:%3$d"
                    listen_address: 127.0.0.1
                    rpc_address: 127.0.0.1
                    storage_port: %3$d
                    ssl_storage_port: %4$d
                    native_transport_port: %2$d
                    start_native_transport: true
                    endpoint_snitch: SimpleSnitch
                    storage_compatibility_mode: NONE
                    authenticator: AllowAllAuthenticator
                    authorizer: AllowAllAuthorizer
                    write_request_timeout: 10000ms
                    read_request_timeout: 10000ms
                    cas_contention_timeout: 10000ms
                    """.formatted(data, nativePort, storagePort, Machine.freePort()));
            Files.writeString(logback, """
                    <configuration>
                      <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
                        <encoder><pattern>%d %-5level [%thread] %logger{20} - %msg%n</pattern></encoder>
                      </appender>
                      <root level="INFO"><appender-ref ref="STDOUT"/></root>
                    </configuration>
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-Xms256m", "-Xmx512m", "-Xss256k", "-XX:+UseG1GC", "-Djdk.attach.allowAttachSelf=true"));
        EXPORTS.forEach(module -> command.add("--add-exports=" + module + "=ALL-UNNAMED"));
        OPENS.forEach(module -> command.add("--add-opens=" + module + "=ALL-UNNAMED"));
        command.addAll(List.of(
                "-javaagent:" + Machine.jarOn(classpath, "jamm-"),
                "-Dcassandra.config=file://" + config,
                "-Dlogback.configurationFile=" + logback,
                "-Dcassandra.storagedir=" + data,
                "-Dcassandra-foreground=yes",
                "-Dcassandra.skip_wait_for_gossip_to_settle=0",
                "-Dcassandra.ring_delay_ms=1000",
                "-cp", classpath,
                "org.apache.cassandra.service.CassandraDaemon"));
        EngineProcess process = EngineProcess.start("cassandra", folder, ownerPid, 20, command);
        Duration ready = process.awaitReady(
                () -> process.logContains("Starting listening for CQL clients"), Duration.ofSeconds(180));
        return new Engines.Started(process,
                Map.of("host", "127.0.0.1", "port", Integer.toString(nativePort), "datacenter", DATACENTER), ready);
    }
}
