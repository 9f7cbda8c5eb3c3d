package io.cellchat.bench.load;

/**
 * One measured step of a load scenario.
 *
 * @param offeredPerSecond the target rate of the open-loop senders
 * @param sentPerSecond messages actually sent per second during the measurement window
 * @param deliveredPerSecond messages received by their recipients per second
 * @param handledPerSecond the same with the probe's messages (50/s): what the server spent its CPU and writes on, the
 *     divisor of {@code serverCpuMicrosPerMessage}, {@code serverWriteBytesPerMessage} and
 *     {@code cpuMicrosPerMessageByProcess}
 * @param fromScheduled latency from the scheduled send time (includes queueing in the generator)
 * @param fromSent latency from the actual send time
 * @param probe the fixed-rate probe pair's latency from its send time
 * @param lost messages sent during the step but not delivered after the drain
 * @param errors errors the server answered sends with, by code (refused messages)
 * @param serverCpu server CPU in percent of one core; {@code generatorCpu} the same for the load generator
 * @param serverCpuMicrosPerMessage server CPU time (user + system, all threads) per delivered message, microseconds;
 *     the probe's messages (50/s) count as delivered here, since the server spent CPU on them too
 * @param serverWriteBytesPerMessage bytes the server wrote to disk ({@code /proc/PID/io write_bytes}) per delivered
 *     message, the probe's included; -1 if the server's {@code /proc} entry is not readable
 * @param cpuMicrosPerMessageByProcess for a server of several processes (the cell), the CPU time per handled
 *     message of each (role or engine, with its descendants), by name; empty for a single process. Their sum is
 *     {@code serverCpuMicrosPerMessage}
 */
public record StepResult(String target, double offeredPerSecond, double sentPerSecond, double deliveredPerSecond,
        double handledPerSecond, Latency fromScheduled, Latency fromSent, Latency probe, long lost, java.util.Map<String, Long> errors,
        double serverCpu, double generatorCpu, double serverCpuMicrosPerMessage, double serverWriteBytesPerMessage,
        java.util.@org.jspecify.annotations.Nullable Map<String, Double> cpuMicrosPerMessageByProcess) {}
