package io.cellchat.testing.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * A single-node Kafka 4.4 broker in KRaft mode (broker and controller in one JVM), from the jars Maven resolved for
 * {@code testing/engines/kafka}. Runs on JDK 17 when present (it starts faster there), else on this JVM's JDK.
 */
final class KafkaEngine {

    private KafkaEngine() {}

    static Engines.Started start(Path folder, long ownerPid) {
        int port = Machine.freePort();
        int controllerPort = Machine.freePort();
        String classpath = Machine.engineClasspath("kafka");
        Path java = Machine.javaOf(17).orElse(Machine.currentJava());
        Path config = folder.resolve("server.properties");
        Path logConfig = folder.resolve("log4j2.properties");
        try {
            Files.writeString(config, """
                    process.roles=broker,controller
                    node.id=1
                    controller.quorum.voters=1@127.0.0.1:%2$d
                    listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                    advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                    controller.listener.names=CONTROLLER
                    inter.broker.listener.name=PLAINTEXT
                    listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                    log.dirs=%3$s
                    num.partitions=4
                    offsets.topic.replication.factor=1
                    offsets.topic.num.partitions=4
                    transaction.state.log.replication.factor=1
                    transaction.state.log.min.isr=1
                    transaction.state.log.num.partitions=4
                    share.coordinator.state.topic.replication.factor=1
                    share.coordinator.state.topic.min.isr=1
                    group.initial.rebalance.delay.ms=0
                    auto.create.topics.enable=false
                    """.formatted(port, controllerPort, folder.resolve("data")));
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
        Machine.run(folder, List.of(java.toString(), log4j, "-cp", classpath, "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", config.toString()), 120);
        EngineProcess process = EngineProcess.start("kafka", folder, ownerPid, 15, List.of(
                java.toString(), "-Xms256m", "-Xmx512m", "-XX:+UseG1GC", log4j, "-cp", classpath,
                "kafka.Kafka", config.toString()));
        Duration ready = process.awaitReady(() -> process.logContains("Kafka Server started"), Duration.ofSeconds(120));
        return new Engines.Started(process, Map.of("bootstrap", "127.0.0.1:" + port), ready);
    }
}
