package io.cellchat.bench.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * The load generator: Netty WebSocket clients, one per benchmark user, spread over several source addresses
 * (127.0.0.2, .3, ... so that tens of thousands of connections never run out of ephemeral ports), and an
 * <em>open-loop</em> sender: every user sends at exponentially distributed times computed in advance, whether or not
 * earlier messages were answered, so a slow server shows up as latency measured from the scheduled time instead of
 * being hidden by a client that waits (coordinated omission).
 *
 * <p>Each event loop paces its own senders with a 1 ms tick. Latency is recorded at the receiver, in microseconds,
 * from the scheduled and from the actual send time, into HdrHistogram recorders; a probe pair (one sender, one
 * receiver, fixed rate) gets recorders of its own.
 */
public final class Generator implements AutoCloseable {

    private final Dialect dialect;
    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelClass;
    private final List<InetAddress> sources;
    private final Map<Integer, WsConnection> ready = new ConcurrentHashMap<>();
    private final AtomicInteger connectedCount = new AtomicInteger();
    private final AtomicInteger closedAfterReady = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong messages = new java.util.concurrent.atomic.AtomicLong();

    final Recorder scheduledLatency = new Recorder(3);
    final Recorder sentLatency = new Recorder(3);
    final Recorder probeScheduledLatency = new Recorder(3);
    final Recorder probeSentLatency = new Recorder(3);
    final LongAdder sent = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder probeSent = new LongAdder();
    final LongAdder probeDelivered = new LongAdder();
    /** Errors the server answered sends with, by code. */
    final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    /** Pacers of the open-loop load, replaced by each {@link #load}; the probe's pacer is kept apart. */
    private final List<Pacer> pacers = new ArrayList<>();
    private final List<Pacer> probePacers = new ArrayList<>();
    private volatile List<Dialect.User> targets = List.of();
    /** When positive, each user writes only to this many fixed contacts (the users after it in the pool). */
    private volatile int contacts;
    private volatile int probeReceiver = -1;

    public Generator(Dialect dialect, int loops, List<InetAddress> sources) {
        this.dialect = dialect;
        this.sources = List.copyOf(sources);
        if (Epoll.isAvailable()) {
            this.group = new MultiThreadIoEventLoopGroup(loops, EpollIoHandler.newFactory());
            this.channelClass = EpollSocketChannel.class;
        } else {
            this.group = new MultiThreadIoEventLoopGroup(loops, NioIoHandler.newFactory());
            this.channelClass = NioSocketChannel.class;
        }
    }

    /**
     * Connects every user (at most {@code concurrency} handshakes at once) and waits until each is ready or failed;
     * a failed connection is tried again up to twice (servers occasionally drop a login under a connection burst).
     * Returns how many still failed.
     */
    public int connectAll(List<Dialect.User> users, int concurrency, Progress progress) throws InterruptedException {
        List<Dialect.User> remaining = users;
        int failed = 0;
        for (int attempt = 0; attempt < 3 && !remaining.isEmpty(); attempt++) {
            remaining = connectOnce(remaining, concurrency, progress);
            failed = remaining.size();
        }
        return failed;
    }

    private List<Dialect.User> connectOnce(List<Dialect.User> users, int concurrency, Progress progress)
            throws InterruptedException {
        List<Dialect.User> failedUsers = java.util.Collections.synchronizedList(new ArrayList<>());
        Semaphore permits = new Semaphore(concurrency);
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (Dialect.User user : users) {
            permits.acquire();
            CompletableFuture<WsConnection> connection = connect(user);
            connection.whenComplete((c, error) -> {
                permits.release();
                if (error != null) {
                    failed.incrementAndGet();
                    failedUsers.add(user);
                }
                progress.tick("connect", connectedCount.get(), users.size(), failed.get());
            });
            all.add(connection);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return List.copyOf(failedUsers);
    }

    /** Connects one user; completes when its session is ready. */
    public CompletableFuture<WsConnection> connect(Dialect.User user) {
        CompletableFuture<WsConnection> readyFuture = new CompletableFuture<>();
        URI uri = dialect.uri(user);
        HttpHeaders headers = new DefaultHttpHeaders();
        List<String> pairs = dialect.headers(user);
        for (int i = 0; i < pairs.size(); i += 2) {
            headers.add(pairs.get(i), pairs.get(i + 1));
        }
        WsConnection handler = new WsConnection(user, dialect, new WsConnection.Listener() {
            @Override
            public void ready(WsConnection connection) {
                ready.put(user.index(), connection);
                connectedCount.incrementAndGet();
                readyFuture.complete(connection);
            }

            @Override
            public void received(WsConnection connection, WebSocketFrame frame) {
                onReceived(connection, frame);
            }

            @Override
            public void closed(WsConnection connection, boolean wasReady) {
                if (wasReady) {
                    ready.remove(user.index(), connection);
                    connectedCount.decrementAndGet();
                    closedAfterReady.incrementAndGet();
                }
                readyFuture.completeExceptionally(new IllegalStateException("closed before ready: " + user.name()));
            }
        });
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .version(WebSocketVersion.V13)
                .subprotocol(dialect.subprotocol())
                .customHeaders(headers)
                .maxFramePayloadLength(1 << 20)
                .handshakeTimeoutMillis(60_000)
                .dropPongFrames(true)
                .build();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(channelClass)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536),
                                new WebSocketClientProtocolHandler(config), handler);
                    }
                });
        InetAddress source = sources.get(Math.floorMod(user.index(), sources.size()));
        ChannelFuture connecting = bootstrap.connect(new InetSocketAddress(uri.getHost(), uri.getPort()),
                new InetSocketAddress(source, 0));
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                readyFuture.completeExceptionally(f.cause());
            }
        });
        return readyFuture;
    }

    private void onReceived(WsConnection connection, WebSocketFrame frame) {
        Dialect.Timestamps stamps;
        switch (dialect.read(connection.user(), frame)) {
            case null -> {
                return;
            }
            case Dialect.Refused(String code) -> {
                errors.computeIfAbsent(code, e -> new LongAdder()).increment();
                return;
            }
            case Dialect.Timestamps delivered -> stamps = delivered;
        }
        long now = System.nanoTime();
        long fromScheduled = Math.max(0, (now - stamps.scheduledNanos()) / 1000);
        long fromSent = Math.max(0, (now - stamps.sentNanos()) / 1000);
        if (connection.user().index() == probeReceiver) {
            probeScheduledLatency.recordValue(fromScheduled);
            probeSentLatency.recordValue(fromSent);
            probeDelivered.increment();
        } else {
            scheduledLatency.recordValue(fromScheduled);
            sentLatency.recordValue(fromSent);
            delivered.increment();
        }
    }

    public int connected() {
        return connectedCount.get();
    }

    public int closedAfterReady() {
        return closedAfterReady.get();
    }

    public @Nullable WsConnection connection(int userIndex) {
        return ready.get(userIndex);
    }

    /** Closes every connection (a reconnect storm starts with this). */
    public void closeAll() {
        for (WsConnection connection : List.copyOf(ready.values())) {
            connection.close();
        }
    }

    /**
     * Starts open-loop sending: each sender sends to a uniformly random other user of {@code targetPool} at
     * {@code ratePerSecond} in total, with exponential gaps. Call again to change the rate; 0 stops sending.
     */
    public void load(List<Dialect.User> senders, List<Dialect.User> targetPool, double ratePerSecond) {
        load(senders, targetPool, ratePerSecond, 0);
    }

    /**
     * As {@link #load(List, List, double)}, but with {@code contacts > 0} each sender writes only to its
     * {@code contacts} fixed contacts (the next users in the pool), as people mostly talk to the same few people.
     */
    public void load(List<Dialect.User> senders, List<Dialect.User> targetPool, double ratePerSecond, int contacts) {
        this.targets = List.copyOf(targetPool);
        this.contacts = contacts;
        stopPacers();
        if (ratePerSecond <= 0 || senders.isEmpty()) {
            return;
        }
        double meanGapNanos = senders.size() / ratePerSecond * 1e9;
        pace(senders, meanGapNanos, true, null, pacers);
    }

    /** A fixed-rate probe: {@code from} sends to {@code to} every 1/rate seconds. */
    public void probe(Dialect.User from, Dialect.User to, double ratePerSecond) {
        probeReceiver = to.index();
        pace(List.of(from), 1e9 / ratePerSecond, false, to, probePacers);
    }

    public void stopLoad() {
        stopPacers();
    }

    private void stopProbe() {
        synchronized (probePacers) {
            probePacers.forEach(Pacer::stop);
            probePacers.clear();
        }
    }

    private void pace(List<Dialect.User> senders, double meanGapNanos, boolean exponential,
            Dialect.@Nullable User fixedTarget,
            List<Pacer> into) {
        Map<EventLoop, List<WsConnection>> byLoop = new IdentityHashMap<>();
        for (Dialect.User sender : senders) {
            WsConnection connection = ready.get(sender.index());
            if (connection != null) {
                byLoop.computeIfAbsent(connection.channel().eventLoop(), l -> new ArrayList<>()).add(connection);
            }
        }
        byLoop.forEach((loop, connections) -> {
            Pacer pacer = new Pacer(connections, meanGapNanos, exponential, fixedTarget);
            synchronized (into) {
                into.add(pacer);
            }
            pacer.start(loop);
        });
    }

    private void stopPacers() {
        synchronized (pacers) {
            pacers.forEach(Pacer::stop);
            pacers.clear();
        }
    }

    /** Sends for the users of one event loop, on that loop, every millisecond. */
    private final class Pacer implements Runnable {

        private record Due(WsConnection connection, long at) {}

        private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
        private final double meanGapNanos;
        private final boolean exponential;
        private final Dialect.@Nullable User fixedTarget;
        private @Nullable ScheduledFuture<?> tick;

        Pacer(List<WsConnection> connections, double meanGapNanos, boolean exponential,
                Dialect.@Nullable User fixedTarget) {
            this.meanGapNanos = meanGapNanos;
            this.exponential = exponential;
            this.fixedTarget = fixedTarget;
            long now = System.nanoTime();
            for (WsConnection connection : connections) {
                queue.add(new Due(connection, now + gap()));
            }
        }

        void start(EventLoop loop) {
            tick = loop.scheduleAtFixedRate(this, 1, 1, TimeUnit.MILLISECONDS);
        }

        void stop() {
            if (tick != null) {
                tick.cancel(false);
            }
        }

        private long gap() {
            if (!exponential) {
                return (long) meanGapNanos;
            }
            return (long) (-Math.log(1 - ThreadLocalRandom.current().nextDouble()) * meanGapNanos);
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            List<Dialect.User> pool = targets;
            while (!queue.isEmpty() && queue.peek().at <= now) {
                Due due = queue.poll();
                WsConnection connection = due.connection;
                Dialect.User target = fixedTarget != null ? fixedTarget : randomOther(pool, connection.user());
                if (target != null && connection.isReady() && connection.channel().isActive()) {
                    // Unique across steps and senders: the server takes a repeated key as a retry.
                    connection.send(dialect.message(connection.user(), target, due.at, System.nanoTime(),
                            messages.incrementAndGet()));
                    if (fixedTarget != null) {
                        probeSent.increment();
                    } else {
                        sent.increment();
                    }
                }
                queue.add(new Due(connection, due.at + gap()));
            }
        }

        private Dialect.@Nullable User randomOther(List<Dialect.User> pool, Dialect.User self) {
            if (pool.size() < 2) {
                return null;
            }
            int fixed = contacts;
            if (fixed > 0) {
                int offset = 1 + ThreadLocalRandom.current().nextInt(Math.min(fixed, pool.size() - 1));
                return pool.get(Math.floorMod(self.index() + offset, pool.size()));
            }
            Dialect.User target;
            do {
                target = pool.get(ThreadLocalRandom.current().nextInt(pool.size()));
            } while (target.index() == self.index());
            return target;
        }
    }

    @Override
    public void close() {
        stopPacers();
        stopProbe();
        closeAll();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Local loopback addresses 127.0.0.2 .. 127.0.0.(1+count). */
    public static List<InetAddress> loopbackSources(int count) {
        List<InetAddress> sources = new ArrayList<>();
        for (int i = 2; i < 2 + count; i++) {
            try {
                sources.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) i}));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return sources;
    }
}
