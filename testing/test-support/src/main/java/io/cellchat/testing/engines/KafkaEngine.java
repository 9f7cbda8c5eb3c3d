package io.cellchat.testing.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * Kafka 4.4 in KRaft mode (broker and controller in one JVM per node; one node for tests, one or three for
 * {@code cellchat cluster up}), from the jars Maven resolved for {@code testing/engines/kafka}. Runs on JDK 17 when present (it starts faster there), else on this JVM's JDK.
 */
final class KafkaEngine {

    private KafkaEngine() {}

    static Engines.Started start(Path folder, long ownerPid) {
        return startNodes(folder, ownerPid, 1).getFirst();
    }

    /**
     * Starts {@code nodes} KRaft nodes, each broker and controller, under {@code folder/node-<id>} (one node: directly
     * in {@code folder}); internal topics get replication factor {@code min(3, nodes)} and min ISR
     * {@code min(2, nodes)}. Every started node's endpoint carries the whole cluster's {@code bootstrap}.
     */
    static List<Engines.Started> startNodes(Path folder, long ownerPid, int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("brokers: " + nodes + " (expected: >= 1)");
        }
        int[] ports = new int[nodes];
        int[] controllerPorts = new int[nodes];
        StringBuilder voters = new StringBuilder();
        StringBuilder bootstrap = new StringBuilder();
        for (int i = 0; i < nodes; i++) {
            ports[i] = Machine.freePort();
            controllerPorts[i] = Machine.freePort();
            voters.append(i == 0 ? "" : ",").append(i + 1).append("@127.0.0.1:").append(controllerPorts[i]);
            bootstrap.append(i == 0 ? "" : ",").append("127.0.0.1:").append(ports[i]);
        }
        String classpath = Machine.engineClasspath("kafka");
        Path java = Machine.javaOf(17).orElse(Machine.currentJava());
        String clusterId = Uuid.randomUuid().toString();
        int replication = Math.min(3, nodes);
        int minIsr = Math.min(2, nodes);
        List<EngineProcess> processes = new ArrayList<>();
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            Path node = nodes == 1 ? folder : folder.resolve("node-" + (i + 1));
            folders.add(node);
            Path config = node.resolve("server.properties");
            Path logConfig = node.resolve("log4j2.properties");
            try {
                Files.createDirectories(node);
                Files.writeString(config, """
                        process.roles=broker,controller
                        node.id=%5$d
                        controller.quorum.voters=%2$s
                        listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%4$d
                        advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                        controller.listener.names=CONTROLLER
                        inter.broker.listener.name=PLAINTEXT
                        listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                        log.dirs=%3$s
                        num.partitions=4
                        offsets.topic.replication.factor=%6$d
                        offsets.topic.num.partitions=4
                        transaction.state.log.replication.factor=%6$d
                        transaction.state.log.min.isr=%7$d
                        transaction.state.log.num.partitions=4
                        share.coordinator.state.topic.replication.factor=%6$d
                        share.coordinator.state.topic.min.isr=%7$d
                        group.initial.rebalance.delay.ms=0
                        auto.create.topics.enable=false
                        """.formatted(ports[i], voters, node.resolve("data"), controllerPorts[i], i + 1, replication,
                        minIsr));
                Files.writeString(logConfig, """
                        appender.console.type=Console
                        appender.console.name=STDOUT
                        appender.console.layout.type=PatternLayout
                        appender.console.layout.pattern=[%d] %p %m (%c)%n
                        rootLogger.level=INFO
                        rootLogger.appenderRef.stdout.ref=STDOUT
                        logger.kafka.name=org.apache.kafka
                        logger.kafka.level=WARN
                        logger.state.name=state.change.logger
                        logger.state.level=WARN
                        """);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String log4j = "-Dlog4j2.configurationFile=" + logConfig;
            Machine.run(node, List.of(java.toString(), log4j, "-cp", classpath, "kafka.tools.StorageTool", "format",
                    "-t", clusterId, "-c", config.toString()), 120);
            processes.add(EngineProcess.start(nodes == 1 ? "kafka" : "kafka-" + (i + 1), node, ownerPid, 15, List.of(
                    java.toString(), "-Xms256m", "-Xmx512m", "-XX:+UseG1GC", log4j, "-cp", classpath,
                    "kafka.Kafka", config.toString())));
        }
        List<Engines.Started> started = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            EngineProcess process = processes.get(i);
            Duration ready = process.awaitReady(() -> process.logContains("Kafka Server started"),
                    Duration.ofSeconds(120));
            started.add(new Engines.Started(process, Map.of("bootstrap", bootstrap.toString(),
                    "port", Integer.toString(ports[i]), "folder", folders.get(i).toString()), ready));
        }
        return started;
    }
}
