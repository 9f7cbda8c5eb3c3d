package io.cellchat.platform.server;

import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.logging.AccessLogWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per HTTP request (a WebSocket counts as one request, logged when it closes), to the logger
 * {@code cellchat.access} at INFO: method, path, status, duration, bytes in and out. The query string is left out,
 * because browsers may carry a session token there ({@code access_token}); so are bodies. Health checks and metrics
 * scrapes are not logged ({@link ServerBootstrap} turns this off on those routes), so the access log shows traffic,
 * not probes.
 */
final class AccessLog implements AccessLogWriter {

    static final String LOGGER = "cellchat.access";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    @Override
    public void log(RequestLog entry) {
        if (!log.isInfoEnabled()) {
            return;
        }
        String path = entry.requestHeaders().path();
        int query = path.indexOf('?');
        log.info("{} {} {} {} ms in {} B out {} B", entry.requestHeaders().method(),
                query < 0 ? path : path.substring(0, query), entry.responseHeaders().status().code(),
                TimeUnit.NANOSECONDS.toMillis(entry.totalDurationNanos()), entry.requestLength(),
                entry.responseLength());
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return CompletableFuture.completedFuture(null);
    }
}
