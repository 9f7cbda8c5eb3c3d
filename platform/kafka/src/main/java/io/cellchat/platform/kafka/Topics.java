package io.cellchat.platform.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates or checks a role's topics at start, so a cell never runs on topics that differ from its configuration.
 *
 * <p>A missing topic is created with its spec. An existing topic must have the spec's partition count and
 * replication factor, else {@link #ensure} fails with a message naming the topic, the configuration key and both
 * values: a partition count that silently differs would send users to the wrong server. Topic configs that differ
 * (an operator raised a retention) are logged, not changed. Brokers should run with
 * {@code auto.create.topics.enable=false}, so a typo never creates a topic with broker defaults.
 */
public final class Topics {

    private static final Logger log = LoggerFactory.getLogger(Topics.class);

    private Topics() {}

    /**
     * Creates the missing topics and checks the others.
     *
     * @throws IllegalStateException if an existing topic differs in partitions or replication factor
     * @throws KafkaUnavailableException if the cluster does not answer within {@code timeout}
     */
    public static void ensure(Admin admin, Collection<TopicSpec> specs, Duration timeout) {
        List<String> names = specs.stream().map(TopicSpec::name).toList();
        Set<String> existing = call(() -> admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS),
                "list topics");
        List<NewTopic> missing = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (!existing.contains(spec.name())) {
                missing.add(new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor())
                        .configs(spec.configs()));
            }
        }
        if (!missing.isEmpty()) {
            admin.createTopics(missing).values().forEach((name, future) -> call(() -> {
                try {
                    future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    log.info("Created topic {}", name);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    // Another process of the cell created it at the same moment; it is checked below.
                }
                return Boolean.TRUE;
            }, "create topic " + name));
        }
        Map<String, TopicDescription> descriptions = call(untilKnown(() -> admin.describeTopics(names).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS), timeout), "describe topics");
        for (TopicSpec spec : specs) {
            TopicDescription description = descriptions.get(spec.name());
            if (description == null) {
                throw new IllegalStateException("topic " + spec.name() + " is missing right after it was created"
                        + " (expected: the broker lists it; is auto.create.topics.enable or a retention deleting it?)");
            }
            check(spec, description);
        }
        warnAboutConfigs(admin, specs, timeout);
    }

    private static void check(TopicSpec spec, TopicDescription description) {
        int partitions = description.partitions().size();
        if (partitions != spec.partitions()) {
            throw new IllegalStateException("topic " + spec.name() + " has " + partitions + " partitions, "
                    + spec.configKey() + " says " + spec.partitions()
                    + " (expected: equal; a partition count cannot change under a running cell, fix the configuration)");
        }
        int replicas = description.partitions().getFirst().replicas().size();
        if (replicas != spec.replicationFactor()) {
            throw new IllegalStateException("topic " + spec.name() + " has replication factor " + replicas
                    + ", the configuration says " + spec.replicationFactor()
                    + " (expected: equal; reassign its partitions or fix kafka.topics.replication-factor)");
        }
    }

    private static void warnAboutConfigs(Admin admin, Collection<TopicSpec> specs, Duration timeout) {
        List<ConfigResource> resources = specs.stream()
                .map(spec -> new ConfigResource(ConfigResource.Type.TOPIC, spec.name())).toList();
        Map<ConfigResource, Config> configs = call(untilKnown(() -> admin.describeConfigs(resources).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS), timeout), "describe topic configs");
        for (TopicSpec spec : specs) {
            Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            if (actual == null) {
                continue;
            }
            Map<String, String> differing = spec.configs().entrySet().stream()
                    .filter(e -> {
                        ConfigEntry entry = actual.get(e.getKey());
                        return entry == null || !e.getValue().equals(entry.value());
                    })
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> {
                        ConfigEntry entry = actual.get(e.getKey());
                        return (entry == null ? "unset" : entry.value()) + " (configured: " + e.getValue() + ")";
                    }));
            if (!differing.isEmpty()) {
                log.warn("Topic {} has configs that differ from this process's: {}", spec.name(), differing);
            }
        }
    }

    @FunctionalInterface
    private interface AdminCall<T> {
        T call() throws ExecutionException, InterruptedException, TimeoutException;
    }

    /**
     * Repeats a call that fails because the broker it asked does not know a topic yet: on a cluster of several
     * brokers, a topic another process (or this one) has just created reaches each broker's metadata a moment later.
     * Gives up after {@code timeout}, with the last failure.
     */
    private static <T> AdminCall<T> untilKnown(AdminCall<T> call, Duration timeout) {
        return () -> {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                try {
                    return call.call();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        };
    }

    private static <T> T call(AdminCall<T> call, String what) {
        try {
            return call.call();
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not answer to " + what + " in time", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw new KafkaUnavailableException("Kafka did not answer to " + what + " in time", e.getCause());
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException("cannot " + what + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }
}
