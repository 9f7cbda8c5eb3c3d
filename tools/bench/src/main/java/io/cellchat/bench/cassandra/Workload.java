package io.cellchat.bench.cassandra;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the materializer receives: {@code chat.events} records in per-conversation order, consumed in polls. Built
 * once from a seed before any timing, so every strategy writes exactly the same events.
 *
 * <p>Conversations are direct (2 members) or groups ({@link Params#groupSize()} members). How often a conversation
 * speaks follows a Zipf law over the conversations (a few busy ones, a long quiet tail), ranks shuffled so being a
 * group and being busy are independent. Texts are 64 to 200 characters of words (compressible like real text).
 */
record Workload(Params params, List<List<Event>> polls, Map<String, Object> stats) {

    /** How the workload is drawn. */
    record Params(int events, int pollSize, int conversations, int users, double groupShare, int groupSize,
            double zipf, long seed) {}

    /** One {@code chat.events} MESSAGE record, with the members the materializer fans out to. */
    record Event(String conversationId, long seq, long eventId, long actor, Instant at, String kind, long targetSeq,
            String text, String idempotencyKey, long[] members) {

        int bucket() {
            return (int) (seq / HistorySchema.BUCKET_SIZE);
        }

        /** Rows one event writes: its message row and one conversation-list row per member. */
        int rows() {
            return 1 + members.length;
        }
    }

    private static final long EPOCH_MS = 1_767_225_600_000L; // 2026-01-01, the snowflake epoch used here

    int events() {
        return polls.stream().mapToInt(List::size).sum();
    }

    /** The first {@code events} events, in the same polls. */
    Workload prefix(int events) {
        List<List<Event>> head = new ArrayList<>();
        int left = events;
        for (List<Event> poll : polls) {
            if (left <= 0) {
                break;
            }
            head.add(poll.subList(0, Math.min(left, poll.size())));
            left -= poll.size();
        }
        return new Workload(params, head, Map.of());
    }

    static Workload generate(Params p) {
        SplittableRandom random = new SplittableRandom(p.seed());
        String[] words = words(random);
        long[][] members = new long[p.conversations()][];
        String[] ids = new String[p.conversations()];
        for (int c = 0; c < p.conversations(); c++) {
            boolean group = random.nextDouble() < p.groupShare();
            members[c] = distinctUsers(random, group ? p.groupSize() : 2, p.users());
            ids[c] = group ? "g:" + ((EPOCH_MS / 1000 + c) << 22 | c)
                    : "d:" + Math.min(members[c][0], members[c][1]) + ":" + Math.max(members[c][0], members[c][1]);
        }
        double[] cdf = zipfCdf(p.conversations(), p.zipf(), random);
        long[] seqs = new long[p.conversations()];
        long startMs = EPOCH_MS + 86_400_000L;
        List<List<Event>> polls = new ArrayList<>();
        List<Event> poll = new ArrayList<>(p.pollSize());
        for (int e = 0; e < p.events(); e++) {
            int c = sample(cdf, random.nextDouble());
            long seq = ++seqs[c];
            long atMs = startMs + e;
            long target = seq > 1 && random.nextInt(10) == 0 ? 1 + random.nextLong(seq - 1) : 0;
            poll.add(new Event(ids[c], seq, (atMs - EPOCH_MS) << 22 | 1L << 12 | (e & 0xFFF),
                    members[c][random.nextInt(members[c].length)], Instant.ofEpochMilli(atMs), "MESSAGE", target,
                    text(random, words), Long.toHexString(random.nextLong()), members[c]));
            if (poll.size() == p.pollSize()) {
                polls.add(poll);
                poll = new ArrayList<>(p.pollSize());
            }
        }
        if (!poll.isEmpty()) {
            polls.add(poll);
        }
        return new Workload(p, polls, stats(polls));
    }

    /** What shapes the batches: partitions touched per poll and how much coalescing per poll removes. */
    private static Map<String, Object> stats(List<List<Event>> polls) {
        long rows = 0;
        long listRows = 0;
        long coalescedListRows = 0;
        long messagePartitions = 0;
        long userPartitions = 0;
        int busiestPerPoll = 0;
        long groupEvents = 0;
        for (List<Event> poll : polls) {
            Map<String, Integer> perConversation = new HashMap<>();
            Set<String> listKeys = new HashSet<>();
            Set<Long> users = new HashSet<>();
            for (Event e : poll) {
                rows += e.rows();
                listRows += e.members().length;
                groupEvents += e.members().length > 2 ? 1 : 0;
                int n = perConversation.merge(e.conversationId() + "/" + e.bucket(), 1, Integer::sum);
                busiestPerPoll = Math.max(busiestPerPoll, n);
                for (long m : e.members()) {
                    listKeys.add(m + "/" + e.conversationId());
                    users.add(m);
                }
            }
            coalescedListRows += listKeys.size();
            messagePartitions += perConversation.size();
            userPartitions += users.size();
        }
        long events = polls.stream().mapToLong(List::size).sum();
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("events", events);
        stats.put("polls", polls.size());
        stats.put("groupEventShare", round(groupEvents / (double) events));
        stats.put("logicalRows", rows);
        stats.put("rowsPerEvent", round(rows / (double) events));
        stats.put("messagePartitionsPerPoll", round(messagePartitions / (double) polls.size()));
        stats.put("userPartitionsPerPoll", round(userPartitions / (double) polls.size()));
        stats.put("listRowsPerPoll", round(listRows / (double) polls.size()));
        stats.put("listRowsPerPollCoalesced", round(coalescedListRows / (double) polls.size()));
        stats.put("busiestConversationEventsInOnePoll", busiestPerPoll);
        return stats;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static long[] distinctUsers(SplittableRandom random, int count, int users) {
        long[] chosen = random.longs(0, users).distinct().limit(count).toArray();
        for (int i = 0; i < chosen.length; i++) {
            chosen[i] += 1_000_000; // user IDs are not small integers in practice; keep them positive
        }
        return chosen;
    }

    /** Cumulative Zipf weights over conversations, ranks assigned in a shuffled order. */
    private static double[] zipfCdf(int n, double exponent, SplittableRandom random) {
        double[] weights = new double[n];
        for (int rank = 1; rank <= n; rank++) {
            weights[rank - 1] = 1.0 / Math.pow(rank, exponent);
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            double swap = weights[i];
            weights[i] = weights[j];
            weights[j] = swap;
        }
        double[] cdf = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += weights[i];
            cdf[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= sum;
        }
        return cdf;
    }

    private static int sample(double[] cdf, double u) {
        int index = Arrays.binarySearch(cdf, u);
        return Math.min(cdf.length - 1, index >= 0 ? index : -index - 1);
    }

    private static String[] words(SplittableRandom random) {
        String[] words = new String[400];
        for (int i = 0; i < words.length; i++) {
            char[] chars = new char[2 + random.nextInt(8)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) ('a' + random.nextInt(26));
            }
            words[i] = new String(chars);
        }
        return words;
    }

    private static String text(SplittableRandom random, String[] words) {
        int length = 64 + random.nextInt(137);
        StringBuilder text = new StringBuilder(length + 10);
        while (text.length() < length) {
            text.append(words[random.nextInt(words.length)]).append(' ');
        }
        text.setLength(length);
        return text.toString();
    }
}
