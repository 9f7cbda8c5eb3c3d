package io.cellchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.CreateGroup;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Session;
import io.cellchat.testing.client.TestAccounts;
import io.cellchat.testing.client.TestChatClient;
import io.cellchat.testing.engines.LocalCell;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The system test of a multi-process cell under faults (issue 9, item 7). It starts a cell with the code of
 * {@code cellchat cluster up} ({@link CellLauncher}): three Kafka brokers (replication 3, min ISR 2), Cassandra,
 * PostgreSQL, Redis, the users, history (materializer and history reads) and sequencer roles, three messaging
 * servers and the gateway, each its own process. Devices ({@link CheckedDevice}) register through the gateway, ask
 * it where to connect, and send continuously in direct conversations (pairs) and groups (of six). Then, one after
 * the other, it kills with SIGKILL: the messaging server with the most clients (not restarted: the two others take
 * its partitions), the sequencer (restarted by the test), the history role (restarted by the test), and one Kafka
 * broker of three (not restarted). Finally the devices stop sending, resend what is unconfirmed, list and sync.
 *
 * <p>It checks: every accepted message is held by every member device at its sequence number, once, in a window
 * without gaps (sync answers included); the killed server's clients reconnect (p50 and p99 from the kill to the
 * session that stays); no other client is ever disconnected. It prints the cell's start-up time, the reconnect
 * times, the accepted and refused answers per phase and the number of (message, device) pairs checked.
 *
 * <p>CI runs a trimmed size; {@code -Dcellchat.fault.clients=120 -Dcellchat.fault.phase-seconds=60
 * -Dcellchat.fault.interval-ms=500} makes a longer run (docs/development.md).
 */
@Tag("system")
@Timeout(900)
class CellFaultIT {

    private static final int CLIENTS = Integer.getInteger("cellchat.fault.clients", 60);
    private static final Duration PHASE = Duration.ofSeconds(Integer.getInteger("cellchat.fault.phase-seconds", 15));
    private static final Duration INTERVAL = Duration.ofMillis(Integer.getInteger("cellchat.fault.interval-ms", 1500));
    private static final int GROUP_SIZE = 6;
    /**
     * All the devices register from 127.0.0.1, which the per-address registration limit would refuse after ten; and
     * a long run must not outlive the devices' access tokens (they do not refresh).
     */
    private static final List<String> TEST_CONFIG = List.of("auth.register-per-hour-per-address=100000",
            "auth.register-burst-per-address=10000", "auth.access-ttl=2h");

    @Test
    void should_deliver_every_accepted_message_once_and_in_order_through_kills_of_each_role() throws Exception {
        Path folder = Path.of("target", "cell-fault").toAbsolutePath();
        CellAccess.fresh(folder, "the cell of CellFaultIT; logs per process");
        ClusterState state = new ClusterState(folder);
        Path jar = CellLauncher.snapshot(LocalCell.projectRoot().resolve("app/target/cellchat.jar"),
                folder.resolve("app"));
        long keeper = ProcessHandle.current().pid();
        CellLauncher launcher = new CellLauncher(state, keeper, jar, line -> log("cell: " + line));
        List<CheckedDevice> devices = new ArrayList<>();
        try {
            long start = System.nanoTime();
            int gatewayPort = CellLauncher.freePort();
            launcher.startRoles(launcher.startEngines(3), 3, 3, gatewayPort, TEST_CONFIG);
            Duration startup = Duration.ofNanos(System.nanoTime() - start);
            log("cell started in " + seconds(startup) + " s (3 brokers, Cassandra, PostgreSQL, Redis, 7 roles)");
            String gateway = "http://127.0.0.1:" + gatewayPort;

            FaultLedger ledger = new FaultLedger();
            Map<String, List<CheckedDevice>> members = startDevices(gateway, devices, ledger);
            awaitAll(devices, d -> d.serverPort() != 0, Duration.ofSeconds(90), "every device connected");
            CellAccess.sleep(PHASE);

            // 1. A messaging server: its clients move to the others; nobody else's connection may drop.
            Map<CheckedDevice, Integer> sessionsBefore = sessionCounts(devices);
            int victimPort = busiestServer(devices);
            ClusterState.Entry victim = entry(state, e -> e.port() == victimPort);
            List<CheckedDevice> moved = devices.stream().filter(d -> d.serverPort() == victimPort).toList();
            ledger.phase("messaging server killed");
            long killedAt = kill(victim);
            awaitAll(moved, d -> d.openSince() > killedAt && d.serverPort() != victimPort, Duration.ofSeconds(120),
                    "the killed server's clients reconnected");
            CellAccess.sleep(PHASE);
            List<Long> reconnects = moved.stream().map(d -> d.openSince() - killedAt).sorted().toList();
            for (CheckedDevice device : devices) {
                if (!moved.contains(device)) {
                    assertThat(device.sessions()).as("%s was not on the killed server", device.name())
                            .hasSize(sessionsBefore.get(device));
                }
            }
            Map<CheckedDevice, Integer> sessionsAfterMove = sessionCounts(devices);

            // 2. The sequencer, restarted: sends wait (or are refused UNAVAILABLE and retried), none lost or doubled.
            ledger.phase("sequencer killed");
            kill(entry(state, e -> e.name().equals("sequencer")));
            CellAccess.sleep(Duration.ofSeconds(2));
            launcher.restart("sequencer");
            CellAccess.sleep(PHASE);

            // 3. The materializer and history reads, restarted.
            ledger.phase("history killed");
            kill(entry(state, e -> e.name().equals("history")));
            CellAccess.sleep(Duration.ofSeconds(2));
            launcher.restart("history");
            CellAccess.sleep(PHASE);

            // 4. One Kafka broker of three, not restarted: RF 3 with min ISR 2 keeps accepting writes.
            ledger.phase("kafka broker killed");
            kill(entry(state, e -> e.name().equals("kafka-3")));
            CellAccess.sleep(PHASE);

            assertThat(sessionCounts(devices)).as("no connection dropped after the messaging server's clients moved")
                    .isEqualTo(sessionsAfterMove);
            ledger.phase("drain");
            devices.forEach(CheckedDevice::stopSending);
            awaitAll(devices, d -> d.unconfirmedCount() == 0, Duration.ofSeconds(180), "every message confirmed");
            CompletableFuture.allOf(devices.stream().map(CheckedDevice::finish).toArray(CompletableFuture[]::new))
                    .get(180, TimeUnit.SECONDS);

            AtomicInteger checked = new AtomicInteger();
            List<String> violations = ledger.verify(members, checked);
            log("start-up: " + seconds(startup) + " s");
            log("reconnect after kill -9 of a messaging server (" + moved.size() + " clients): p50 "
                    + millis(percentile(reconnects, 50)) + " ms, p99 " + millis(percentile(reconnects, 99))
                    + " ms, max " + millis(reconnects.getLast()) + " ms");
            ledger.phases().forEach((phase, counts) -> log(phase + ": " + counts));
            log("messages accepted: " + ledger.acceptedCount() + "; (message, member device) pairs checked: "
                    + checked.get() + "; violations: " + violations.size());
            assertThat(violations).isEmpty();
            assertThat(moved).isNotEmpty();
            assertThat(checked.get()).isPositive();
        } finally {
            devices.forEach(CheckedDevice::stop);
            DownCommand.stop(state);
        }
    }

    /** Registers the users, creates the groups, starts one device per user; returns each conversation's members. */
    private static Map<String, List<CheckedDevice>> startDevices(String gateway, List<CheckedDevice> devices,
            FaultLedger ledger) {
        TestAccounts accounts = new TestAccounts(gateway);
        List<Session> users = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            users.add(CellAccess.register(accounts, "fault" + i));
        }
        Map<String, List<Integer>> conversations = new LinkedHashMap<>();
        for (int i = 0; i + 1 < CLIENTS; i += 2) {
            long a = users.get(i).getUserId();
            long b = users.get(i + 1).getUserId();
            conversations.put("d:" + Math.min(a, b) + ":" + Math.max(a, b), List.of(i, i + 1));
        }
        for (int first = 0; first + GROUP_SIZE <= CLIENTS; first += GROUP_SIZE) {
            List<Integer> group = new ArrayList<>();
            for (int i = first; i < first + GROUP_SIZE; i++) {
                group.add(i);
            }
            conversations.put(createGroup(gateway, users, group), group);
        }
        Map<String, List<CheckedDevice>> members = new LinkedHashMap<>();
        for (int i = 0; i < CLIENTS; i++) {
            int user = i;
            List<String> mine = conversations.entrySet().stream().filter(e -> e.getValue().contains(user))
                    .map(Map.Entry::getKey).toList();
            devices.add(new CheckedDevice("fault" + i, users.get(i).getToken(),
                    token -> CellAccess.whereToConnect(gateway, token), ledger, mine, INTERVAL));
        }
        conversations.forEach((id, indexes) -> members.put(id, indexes.stream().map(devices::get).toList()));
        devices.forEach(device -> Thread.ofVirtual().name(device.name()).start(device));
        log(CLIENTS + " devices started in " + conversations.size() + " conversations ("
                + (CLIENTS / 2) + " direct, " + (CLIENTS / GROUP_SIZE) + " groups of " + GROUP_SIZE + ")");
        return members;
    }

    private static String createGroup(String gateway, List<Session> users, List<Integer> group) {
        Session owner = users.get(group.getFirst());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            URI target = CellAccess.whereToConnect(gateway, owner.getToken());
            if (target != null) {
                try (TestChatClient client = TestChatClient.connect("http://" + target.getAuthority(),
                        owner.getToken(), "cellchat.v1.json")) {
                    CreateGroup.Builder create = CreateGroup.newBuilder().setTitle("group " + group.getFirst())
                            .setIdempotencyKey("group-" + group.getFirst());
                    group.subList(1, group.size()).forEach(i -> create.addMemberIds(users.get(i).getUserId()));
                    ServerFrame answer = client.request(ClientFrame.newBuilder().setCreateGroup(create));
                    if (answer.hasAccepted()) {
                        return answer.getAccepted().getConversationId();
                    }
                } catch (RuntimeException | AssertionError e) {
                    // Moved while connecting (4010) or not ready yet: ask again.
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("could not create group " + group);
            }
            CellAccess.sleep(Duration.ofMillis(300));
        }
    }

    private static int busiestServer(List<CheckedDevice> devices) {
        Map<Integer, Long> byServer = new LinkedHashMap<>();
        devices.forEach(d -> byServer.merge(d.serverPort(), 1L, Long::sum));
        log("devices per messaging server port: " + byServer);
        return byServer.entrySet().stream().filter(e -> e.getKey() != 0).max(Map.Entry.comparingByValue())
                .orElseThrow().getKey();
    }

    private static Map<CheckedDevice, Integer> sessionCounts(List<CheckedDevice> devices) {
        Map<CheckedDevice, Integer> counts = new LinkedHashMap<>();
        devices.forEach(d -> counts.put(d, d.sessions().size()));
        return counts;
    }

    private static ClusterState.Entry entry(ClusterState state, java.util.function.Predicate<ClusterState.Entry> which) {
        return state.entries().reversed().stream().filter(which).findFirst().orElseThrow();
    }

    /** SIGKILL to the process itself (its watchdog then exits); returns when it happened, in nanos. */
    private static long kill(ClusterState.Entry entry) {
        ProcessHandle process = ProcessHandle.of(entry.pid()).orElseThrow(() -> new AssertionError(entry.name()
                + " is not running"));
        long at = System.nanoTime();
        process.destroyForcibly();
        process.onExit().join();
        log("kill -9 " + entry.name() + " (pid " + entry.pid() + ")");
        return at;
    }

    private static void awaitAll(List<CheckedDevice> devices, java.util.function.Predicate<CheckedDevice> done,
            Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!devices.stream().allMatch(done)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + timeout + " for "
                        + devices.stream().filter(done.negate()).map(CheckedDevice::name).toList());
            }
            CellAccess.sleep(Duration.ofMillis(100));
        }
        log(what);
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String millis(long nanos) {
        return Long.toString(nanos / 1_000_000);
    }

    private static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }

    private static void log(String line) {
        System.out.printf("[cell-fault %tT] %s%n", System.currentTimeMillis(), line);
    }
}
