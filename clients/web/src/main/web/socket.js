// The WebSocket to /ws/v1: connect, reconnect with backoff, application-level ping, and request/response
// correlation by request ID. It knows the frame envelope only, not chat rules (client.js does those).
//
// States: "connecting" from the moment a socket is opened until the server's Welcome; "connected" after it;
// "offline" while waiting to retry or after stop(). Close codes: 4001 (unauthorized) and 4003 (session revoked)
// end the session; 4008 (slow consumer) reconnects at once; anything else reconnects after 0.5 s, 1 s, 2 s, 4 s,
// then 5 s, each plus up to 25 % jitter. Every request is rejected with ConnectionLost when its socket closes.
// In a distributed cell a server may send `reconnect` (your partition moved) and close with 4010: the next socket
// goes at once to the address it named (options.url receives it), or to the usual URL if it named none.

import { newRequestId } from './lib/ids.js';
import { PUSH_KINDS, SERVER_FRAME_KINDS, oneofCase, str } from './lib/proto.js';

export const SUBPROTOCOL = 'cellchat.v1.json';

/** Close codes the server uses. */
export const CloseCode = Object.freeze({
  UNAUTHORIZED: 4001, REVOKED: 4003, SLOW_CONSUMER: 4008, PARTITION_MOVED: 4010, PING_TIMEOUT: 4000,
});

const BACKOFF_MS = [500, 1000, 2000, 4000, 5000];

/** A request the server answered with an Error frame. */
export class ServerError extends Error {
  /**
   * @param {string} code ErrorCode name, e.g. NOT_A_MEMBER
   * @param {string} message the server's explanation, fit to show
   * @param {boolean} retriable whether the same request may succeed later unchanged
   */
  constructor(code, message, retriable) {
    super(message || code);
    this.name = 'ServerError';
    this.code = code;
    this.retriable = retriable;
  }
}

/** The socket closed (or was never open) before the answer came; the request may or may not have been taken. */
export class ConnectionLost extends Error {
  constructor(message = 'not connected') {
    super(message);
    this.name = 'ConnectionLost';
  }
}

/**
 * The delay before reconnect attempt `attempt` (0-based).
 * @param {number} attempt
 * @param {() => number} random
 * @returns {number} milliseconds
 */
export function backoffDelay(attempt, random) {
  const base = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
  return Math.round(base + base * 0.25 * random());
}

/**
 * @typedef {'connecting'|'connected'|'offline'} ConnectionState
 * @typedef {{retryAtMs?: number, failures: number, closeCode?: number}} StateDetail
 * @typedef {Record<string, any>} Frame a proto3 JSON ClientFrame or ServerFrame
 *
 * @typedef {object} ConnectionOptions
 * @property {(hint?: string) => string | Promise<string>} url the WebSocket URL, token included (called on every
 *   attempt); `hint` is the base URL a `reconnect` frame named, if the last server sent one. A Promise (the client
 *   asks the gateway where to connect) delays the socket until it resolves; a rejection counts as a failed attempt
 * @property {any} [WebSocketImpl] the WebSocket constructor (tests pass a fake)
 * @property {{setTimeout: Function, clearTimeout: Function, setInterval: Function, clearInterval: Function}} [timers]
 * @property {() => number} [now]
 * @property {() => number} [random]
 * @property {number} [pingIntervalMs]
 * @property {number} [pongTimeoutMs] also the time allowed from opening a socket to its Welcome
 * @property {number} [requestTimeoutMs]
 * @property {(state: ConnectionState, detail: StateDetail) => void} [onState]
 * @property {(welcome: Record<string, any>) => void} [onWelcome]
 * @property {(frame: Frame) => void} [onPush] events, receipts, typing and presence
 * @property {(error: ServerError, requestId: string) => void} [onUnmatchedError] an Error for a fire-and-forget send
 * @property {(closeCode: number) => void} [onAuthLost] 4001 or 4003: the session is gone
 */

export class Connection {
  /** @param {ConnectionOptions} options */
  constructor(options) {
    this.options = options;
    this.WebSocketImpl = options.WebSocketImpl ?? globalThis.WebSocket;
    this.timers = options.timers ?? globalThis;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.pingIntervalMs = options.pingIntervalMs ?? 20_000;
    this.pongTimeoutMs = options.pongTimeoutMs ?? 10_000;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    /** @type {ConnectionState} */
    this.state = 'offline';
    /** Consecutive attempts that ended before a Welcome. */
    this.failures = 0;
    this.attempt = 0;
    this.stopped = true;
    /** @type {string | undefined} the base URL a `reconnect` frame named, for the next socket */
    this.hint = undefined;
    /** @type {object | null} set while `url` is being resolved (a Promise), before the socket opens */
    this.locating = null;
    /** @type {any} */
    this.ws = null;
    /** @type {Map<string, {resolve: (f: Frame) => void, reject: (e: Error) => void, timer: any}>} */
    this.inflight = new Map();
    this.retryTimer = null;
    this.welcomeTimer = null;
    this.pingTimer = null;
  }

  /** Opens the first connection. */
  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.#open();
  }

  /** Closes for good (logout); rejects every request in flight. */
  stop() {
    this.stopped = true;
    this.locating = null;
    this.#clearTimers();
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      detach(ws);
      try {
        ws.close(1000, 'bye');
      } catch {
        // already closed
      }
    }
    this.#rejectAll(new ConnectionLost('stopped'));
    this.#setState('offline', { failures: this.failures });
  }

  /** Skips the backoff wait (the browser came back online, the user clicked "retry"). */
  reconnectNow() {
    if (this.stopped || this.ws || this.locating) return;
    this.attempt = 0;
    this.#open();
  }

  /**
   * Sends a frame and waits for its answer.
   * @param {Frame} frame a ClientFrame without request ID, e.g. {sync: {conversationId, afterSeq: "4"}}
   * @param {{timeoutMs?: number}} [options]
   * @returns {Promise<Frame>} the ServerFrame answering it; rejects with ServerError, ConnectionLost or a timeout
   */
  request(frame, options = {}) {
    if (this.state !== 'connected' || !this.ws) return Promise.reject(new ConnectionLost());
    const ws = this.ws;
    const requestId = newRequestId(this.random);
    return new Promise((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.inflight.delete(requestId);
        reject(new ServerError('TIMEOUT', 'The server did not answer in time.', true));
      }, options.timeoutMs ?? this.requestTimeoutMs);
      this.inflight.set(requestId, { resolve, reject, timer });
      try {
        ws.send(JSON.stringify({ requestId, ...frame }));
      } catch {
        this.timers.clearTimeout(timer);
        this.inflight.delete(requestId);
        reject(new ConnectionLost());
      }
    });
  }

  /**
   * Sends a frame without waiting for its answer (typing, presence); an Error answer goes to onUnmatchedError.
   * @param {Frame} frame
   * @returns {boolean} whether it was handed to the socket
   */
  send(frame) {
    if (this.state !== 'connected' || !this.ws) return false;
    try {
      this.ws.send(JSON.stringify({ requestId: newRequestId(this.random), ...frame }));
      return true;
    } catch {
      return false;
    }
  }

  #open() {
    this.#clearTimers();
    const hint = this.hint;
    this.hint = undefined;
    const target = this.options.url(hint);
    if (typeof target === 'string') {
      this.#connect(target);
      return;
    }
    // Asking where to connect first (GET /api/v1/connect): no socket until the answer.
    const asking = {};
    this.locating = asking;
    this.#setState('connecting', { failures: this.failures });
    target.then(
      (url) => {
        if (this.locating !== asking) return;
        this.locating = null;
        if (!this.stopped && !this.ws) this.#connect(url);
      },
      () => {
        if (this.locating !== asking) return;
        this.locating = null;
        if (this.stopped || this.ws) return;
        this.failures += 1;
        this.#retryLater(undefined);
      },
    );
  }

  /** @param {string} url */
  #connect(url) {
    const ws = new this.WebSocketImpl(url, [SUBPROTOCOL]);
    this.ws = ws;
    this.#setState('connecting', { failures: this.failures });
    ws.onmessage = (/** @type {{data: unknown}} */ e) => this.#onMessage(ws, e.data);
    ws.onclose = (/** @type {{code: number}} */ e) => this.#onClose(ws, e.code);
    ws.onerror = () => {}; // a close follows
    this.welcomeTimer = this.timers.setTimeout(() => this.#drop(ws), this.pongTimeoutMs * 2);
  }

  /**
   * @param {any} ws
   * @param {unknown} data
   */
  #onMessage(ws, data) {
    if (ws !== this.ws || typeof data !== 'string') return;
    /** @type {Frame} */
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      return; // not ours to show; the server sends JSON only
    }
    const kind = oneofCase(frame, SERVER_FRAME_KINDS);
    if (kind === 'reconnect') {
      this.hint = str(frame.reconnect?.address) || undefined;
      return; // the close (4010) follows
    }
    if (kind === 'welcome') {
      this.timers.clearTimeout(this.welcomeTimer);
      this.attempt = 0;
      this.failures = 0;
      this.#setState('connected', { failures: 0 });
      this.#startPing(ws);
      this.options.onWelcome?.(frame.welcome);
      return;
    }
    const requestId = str(frame.requestId);
    const waiter = requestId ? this.inflight.get(requestId) : undefined;
    if (waiter) {
      this.inflight.delete(requestId);
      this.timers.clearTimeout(waiter.timer);
      if (kind === 'error') waiter.reject(toServerError(frame.error));
      else waiter.resolve(frame);
    } else if (kind === 'error') {
      this.options.onUnmatchedError?.(toServerError(frame.error), requestId);
    }
    // A command's answer may carry its events instead of pushing them to this connection: apply them as pushes.
    // The caller's continuation of the request runs later (a promise), so the window holds them when it sees them.
    if (kind === 'accepted') for (const event of frame.accepted.events ?? []) this.options.onPush?.({ event });
    if (PUSH_KINDS.has(kind)) this.options.onPush?.(frame);
  }

  /**
   * @param {any} ws
   * @param {number} code
   */
  #onClose(ws, code) {
    if (ws !== this.ws) return;
    this.ws = null;
    detach(ws);
    this.#clearTimers();
    this.#rejectAll(new ConnectionLost('connection closed'));
    if (this.state !== 'connected') this.failures += 1;
    if (this.stopped) return;
    if (code === CloseCode.UNAUTHORIZED || code === CloseCode.REVOKED) {
      this.stopped = true;
      this.#setState('offline', { failures: this.failures, closeCode: code });
      this.options.onAuthLost?.(code);
      return;
    }
    this.#retryLater(code);
  }

  /**
   * Schedules the next attempt: at once after 4008 or after a `reconnect` that named a server, else after the backoff.
   * @param {number | undefined} code the close code, undefined when no socket was opened (locating failed)
   */
  #retryLater(code) {
    const moved = code === CloseCode.PARTITION_MOVED && this.hint !== undefined;
    if (!moved) this.hint = undefined;
    const delay = code === CloseCode.SLOW_CONSUMER || moved ? 0 : backoffDelay(this.attempt, this.random);
    this.attempt += 1;
    /** @type {StateDetail} */
    const detail = { failures: this.failures, retryAtMs: this.now() + delay };
    if (code !== undefined) detail.closeCode = code;
    this.#setState('offline', detail);
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped && !this.ws && !this.locating) this.#open();
    }, delay);
  }

  /**
   * Gives up on a socket that stopped answering: closes it and reconnects without waiting for its close handshake.
   * @param {any} ws
   */
  #drop(ws) {
    if (ws !== this.ws) return;
    try {
      ws.close(CloseCode.PING_TIMEOUT, 'no answer');
    } catch {
      // closing anyway
    }
    this.#onClose(ws, CloseCode.PING_TIMEOUT);
  }

  /** @param {any} ws */
  #startPing(ws) {
    this.timers.clearInterval(this.pingTimer);
    this.pingTimer = this.timers.setInterval(() => {
      if (ws !== this.ws) return;
      this.request({ ping: {} }, { timeoutMs: this.pongTimeoutMs }).catch((e) => {
        if (e instanceof ServerError && e.code === 'TIMEOUT') this.#drop(ws);
      });
    }, this.pingIntervalMs);
  }

  #clearTimers() {
    this.timers.clearTimeout(this.retryTimer);
    this.timers.clearTimeout(this.welcomeTimer);
    this.timers.clearInterval(this.pingTimer);
    this.retryTimer = null;
    this.welcomeTimer = null;
    this.pingTimer = null;
  }

  /** @param {Error} error */
  #rejectAll(error) {
    const waiters = [...this.inflight.values()];
    this.inflight.clear();
    for (const w of waiters) {
      this.timers.clearTimeout(w.timer);
      w.reject(error);
    }
  }

  /**
   * @param {ConnectionState} state
   * @param {StateDetail} detail
   */
  #setState(state, detail) {
    this.state = state;
    this.options.onState?.(state, detail);
  }
}

/** @param {any} ws */
function detach(ws) {
  ws.onmessage = null;
  ws.onclose = null;
  ws.onerror = null;
}

/**
 * @param {Record<string, any> | undefined} error proto3 JSON Error
 * @returns {ServerError}
 */
function toServerError(error) {
  return new ServerError(str(error?.code) || 'ERROR_CODE_UNSPECIFIED', str(error?.message), error?.retriable === true);
}
