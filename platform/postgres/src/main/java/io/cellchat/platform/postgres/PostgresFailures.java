package io.cellchat.platform.postgres;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a store on PostgreSQL tells its callers when a statement fails. A failure that may pass unchanged (the
 * server unreachable, restarting or out of connections, no pooled connection within the pool's timeout, a conflict
 * that outlived its retries) is the retryable {@code UNAVAILABLE}, its cause in this log only; anything else (a
 * syntax error, a constraint) is a bug and stays an internal error with its cause.
 */
public final class PostgresFailures {

    private static final Logger log = LoggerFactory.getLogger(PostgresFailures.class);

    /**
     * SQL states that may pass: the connection exceptions {@code 08000}, {@code 08001} (cannot connect),
     * {@code 08003} (connection gone), {@code 08006} (connection failure) and {@code 08007}; {@code 57P01} admin
     * shutdown, {@code 57P02} crash shutdown, {@code 57P03} cannot connect now, {@code 57P05} idle session timeout;
     * {@code 53300} too many connections; {@code 40001} serialization failure and {@code 40P01} deadlock. Not
     * {@code 08P01} (a protocol violation is a bug) nor {@code 08004} (a connection refused for its credentials).
     */
    private static final Set<String> MAY_PASS = Set.of("08000", "08001", "08003", "08006", "08007", "57P01", "57P02",
            "57P03", "57P05", "53300", "40001", "40P01");

    private PostgresFailures() {}

    /** Whether the same statement may succeed later unchanged. */
    public static boolean mayPass(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientException || state != null && MAY_PASS.contains(state);
    }

    /**
     * Rolls back the transaction {@code failure} ended; if the rollback fails too (the connection broke), that is
     * added to {@code failure} rather than thrown in its place. The pool resets the connection's auto-commit, or
     * evicts it, when it is returned.
     */
    public static void rollback(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * The exception to throw for a failed statement of {@code what} (for example "users store write"): a
     * {@link ChatException} {@code UNAVAILABLE} when it may pass, else an {@link IllegalStateException}.
     */
    public static RuntimeException translate(String what, SQLException e) {
        if (mayPass(e)) {
            log.warn("{} failed: {} (SQL state {})", what, e.getMessage(), e.getSQLState());
            return new ChatException(ChatError.UNAVAILABLE, what + ": the database cannot be reached now; try again");
        }
        return new IllegalStateException(what + " failed: " + e.getMessage(), e);
    }
}
