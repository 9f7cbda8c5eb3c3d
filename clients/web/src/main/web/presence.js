// What this device tells others about its user: presence (ONLINE on activity, AWAY after 5 minutes without input
// or while the page is hidden, BUSY while the user says so) and typing notices (at most one every 3 s while typing,
// a stop when the message is sent). Sends only changes, and again after every reconnect.

export const IDLE_AFTER_MS = 5 * 60_000;
export const TYPING_THROTTLE_MS = 3000;

/**
 * @typedef {object} PresenceOptions
 * @property {(frame: Record<string, any>) => boolean} send fire-and-forget ClientFrame; false when not connected
 * @property {() => boolean} isConnected
 * @property {() => boolean} isVisible
 * @property {() => number} now
 * @property {{setTimeout: Function, clearTimeout: Function}} timers
 */

export class PresenceReporter {
  /** @param {PresenceOptions} options */
  constructor(options) {
    this.options = options;
    this.busy = false;
    /** The status the server last heard from this connection, "" after a (re)connect. */
    this.sent = '';
    this.lastActivityMs = options.now();
    /** @type {Map<string, number>} conversation ID to when "typing" was last sent */
    this.typingSentAt = new Map();
    this.idleTimer = null;
  }

  start() {
    this.#armIdleTimer();
  }

  stop() {
    this.options.timers.clearTimeout(this.idleTimer);
  }

  /** A new connection: the server knows nothing yet. */
  connected() {
    this.sent = '';
    this.typingSentAt.clear();
    this.update();
  }

  disconnected() {
    this.sent = '';
  }

  /**
   * The user did something.
   * @returns {boolean} whether the user just came back (from idle or a hidden page)
   */
  activity() {
    const now = this.options.now();
    const wasAway = now - this.lastActivityMs >= IDLE_AFTER_MS || this.sent === 'AWAY';
    this.lastActivityMs = now;
    if (wasAway) this.update();
    this.#armIdleTimer();
    return wasAway;
  }

  /** @param {boolean} busy */
  setBusy(busy) {
    this.busy = busy;
    this.update();
  }

  /** The status this device should show now. */
  wanted() {
    if (this.busy) return 'BUSY';
    const idle = this.options.now() - this.lastActivityMs >= IDLE_AFTER_MS;
    return idle || !this.options.isVisible() ? 'AWAY' : 'ONLINE';
  }

  /** Sends the wanted status if it changed. */
  update() {
    const status = this.wanted();
    if (status === this.sent || !this.options.isConnected()) return;
    if (this.options.send({ presence: { status } })) this.sent = status;
  }

  /**
   * The user typed in a conversation.
   * @param {string} conversationId
   */
  typing(conversationId) {
    const now = this.options.now();
    if (now - (this.typingSentAt.get(conversationId) ?? -Infinity) < TYPING_THROTTLE_MS) return;
    if (this.options.send({ typing: { conversationId, typing: true } })) this.typingSentAt.set(conversationId, now);
  }

  /**
   * The user sent the message: the others stop showing "typing" at once.
   * @param {string} conversationId
   */
  stopTyping(conversationId) {
    if (!this.typingSentAt.delete(conversationId)) return;
    this.options.send({ typing: { conversationId, typing: false } });
  }

  #armIdleTimer() {
    this.options.timers.clearTimeout(this.idleTimer);
    this.idleTimer = this.options.timers.setTimeout(() => this.update(), IDLE_AFTER_MS + 50);
  }
}
