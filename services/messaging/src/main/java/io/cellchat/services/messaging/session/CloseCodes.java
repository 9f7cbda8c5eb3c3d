package io.cellchat.services.messaging.session;

/**
 * WebSocket close codes of the protocol (documented in {@code docs/protocol.md}). Only authentication failures,
 * protocol violations and transport conditions close a connection; a bad frame gets an error frame instead.
 */
public final class CloseCodes {

    /** Missing, unknown or expired token. Log in again. */
    public static final int UNAUTHORIZED = 4001;
    /** The client offered only subprotocols the server does not speak. */
    public static final int UNSUPPORTED_PROTOCOL = 4002;
    /** The session was ended (logout, revoked). Log in again. */
    public static final int SESSION_ENDED = 4003;
    /** Nothing arrived for the idle timeout (no pong, no frame): the peer is presumed dead. */
    public static final int HEARTBEAT_TIMEOUT = 4004;
    /** The client did not read its frames fast enough; reconnect and sync. */
    public static final int SLOW_CONSUMER = 4008;
    /**
     * The user's partition is owned by another server (it moved, or the client came to the wrong one): a
     * {@code reconnect} frame naming it came just before. Reconnect there at once.
     */
    public static final int PARTITION_MOVED = 4010;
    /** The server is shutting down; reconnect (to another server). */
    public static final int GOING_AWAY = 1001;
    /**
     * The token could not be checked now (the accounts store or the users role did not answer): not a verdict on
     * the token. Reconnect with backoff, with the same token (RFC 6455's registered "Try Again Later").
     */
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseCodes() {}
}
