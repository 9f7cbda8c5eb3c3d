package io.cellchat.services.sequencer;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How the sequencer runs (docs/configuration.md, section {@code sequencer}).
 *
 * @param applicationId the Kafka Streams application ID: the consumer group and the prefix of its internal topics
 *     ({@code sequencer.application-id}, {@code cellchat-sequencer})
 * @param stateDir where RocksDB keeps the state stores ({@code sequencer.state-dir}, {@code ./data/sequencer})
 * @param commitInterval how often a transaction commits: the outcome of a command is visible downstream only then, so
 *     this adds up to its value to every send's latency ({@code sequencer.commit-interval}, 100 ms, Kafka Streams'
 *     own default under exactly-once). It must stay above a commit's own latency: Kafka Streams halves the records it processes per task between polls each time
 *     it commits, so an interval shorter than a commit pins each transaction to one command per task
 *     (docs/design/cell.md, "Commit interval")
 * @param standbyReplicas warm copies of each task's state on other instances, for a fast failover
 *     ({@code sequencer.standby-replicas}, 1)
 * @param threads stream threads in this process ({@code sequencer.threads}, 1)
 * @param sessionTimeout how long an instance may be silent before its tasks move to another one: the pause sends
 *     see when a sequencer dies ({@code sequencer.session-timeout}, 10 s)
 */
public record SequencerSettings(String applicationId, Path stateDir, Duration commitInterval, int standbyReplicas,
        int threads, Duration sessionTimeout) {

    public SequencerSettings {
        requireNonNull(applicationId, "applicationId");
        requireNonNull(stateDir, "stateDir");
        requireNonNull(commitInterval, "commitInterval");
        if (commitInterval.isNegative() || commitInterval.isZero()) {
            throw new IllegalArgumentException("sequencer.commit-interval: " + commitInterval + " (expected: > 0)");
        }
        if (standbyReplicas < 0) {
            throw new IllegalArgumentException("sequencer.standby-replicas: " + standbyReplicas + " (expected: >= 0)");
        }
        requireNonNull(sessionTimeout, "sessionTimeout");
        if (sessionTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("sequencer.session-timeout: " + sessionTimeout + " (expected: >= 1 s)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("sequencer.threads: " + threads + " (expected: >= 1)");
        }
    }
}
