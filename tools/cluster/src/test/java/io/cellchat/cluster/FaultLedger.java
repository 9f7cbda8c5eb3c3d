package io.cellchat.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the fault test's devices were told, and the check of what they hold against it. A message counts as
 * accepted when its sender got {@code accepted(seq)}; the check then demands that every member device holds it at
 * that sequence number, once, in a window without gaps. Accepted and refused answers are counted per phase of the
 * scenario (before the faults, after each kill).
 */
final class FaultLedger {

    /** One accepted message: where and under which key, with the sequence number and message ID it was given. */
    record Accepted(String conversation, String key, long seq, long messageId) {}

    /** Counts of one phase. */
    record Counts(AtomicInteger accepted, AtomicInteger refused, Map<String, Integer> codes) {
        Counts() {
            this(new AtomicInteger(), new AtomicInteger(), new ConcurrentHashMap<>());
        }

        @Override
        public String toString() {
            return accepted.get() + " accepted, " + refused.get() + " refused and retried " + codes;
        }
    }

    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();
    private final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Counts> phases = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    private volatile Counts current = new Counts();

    FaultLedger() {
        phases.put("steady", current);
    }

    /** Counts what follows under {@code name}. */
    void phase(String name) {
        Counts counts = new Counts();
        phases.put(name, counts);
        current = counts;
    }

    Map<String, Counts> phases() {
        synchronized (phases) {
            return new LinkedHashMap<>(phases);
        }
    }

    void accepted(String device, String conversation, String key, long seq, long messageId) {
        current.accepted().incrementAndGet();
        Accepted now = new Accepted(conversation, key, seq, messageId);
        Accepted before = accepted.putIfAbsent(key, now);
        if (before != null && !before.equals(now)) {
            violations.add(device + ": " + key + " accepted twice, differently: " + before + " then " + now);
        }
    }

    void refused(String code) {
        Counts counts = current;
        counts.refused().incrementAndGet();
        counts.codes().merge(code, 1, Integer::sum);
    }

    int acceptedCount() {
        return accepted.size();
    }

    /**
     * Checks every device against every accepted message of its conversations; returns the violations (empty when
     * all holds) and sets {@code checked} to the number of (message, member device) pairs checked.
     *
     * @param members each conversation's member devices
     */
    List<String> verify(Map<String, List<CheckedDevice>> members, AtomicInteger checked) {
        List<String> found = new ArrayList<>(violations);
        for (CheckedDevice device : members.values().stream().flatMap(List::stream).distinct().toList()) {
            found.addAll(device.violations());
            for (var window : device.windows().entrySet()) {
                Set<String> keys = new HashSet<>();
                for (CheckedDevice.Held held : window.getValue()) {
                    if (held.key() != null && !held.key().isEmpty() && !keys.add(held.key())) {
                        found.add(device.name() + ": " + window.getKey() + " holds " + held.key() + " twice");
                    }
                }
            }
        }
        Map<String, Long> lastAccepted = new HashMap<>();
        for (Accepted message : accepted.values()) {
            lastAccepted.merge(message.conversation(), message.seq(), Math::max);
            for (CheckedDevice device : members.getOrDefault(message.conversation(), List.of())) {
                List<CheckedDevice.Held> window = device.windows().get(message.conversation());
                if (window == null || window.size() < message.seq()) {
                    found.add(device.name() + ": misses " + message + " (holds " + (window == null ? 0 : window.size())
                            + " events)");
                } else if (!message.key().equals(window.get((int) message.seq() - 1).key())) {
                    found.add(device.name() + ": holds " + window.get((int) message.seq() - 1) + " at the seq of "
                            + message);
                } else if (window.get((int) message.seq() - 1).eventId() != message.messageId()) {
                    found.add(device.name() + ": " + message + " arrived with event ID "
                            + window.get((int) message.seq() - 1).eventId());
                } else {
                    checked.incrementAndGet();
                }
            }
        }
        if (!members.keySet().containsAll(lastAccepted.keySet())) {
            found.add("accepted in unknown conversations: " + lastAccepted.keySet());
        }
        return found;
    }
}
