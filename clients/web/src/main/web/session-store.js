// The signed-in session and this device's unsent messages, kept in localStorage so a reload stays signed in and
// a message typed just before a reload is still sent (with the same idempotency key). No message body is logged.

const SESSION_KEY = 'cellchat.session';
const OUTBOX_PREFIX = 'cellchat.outbox.';

/**
 * @typedef {import('./api.js').Session} Session
 * @typedef {{conversationId: string, key: string, text: string, replyToSeq: number, createdAtMs: number}} OutboxItem
 */

export class SessionStore {
  /**
   * @param {Storage | undefined} storage localStorage, or a stand-in
   * @param {() => number} [now]
   */
  constructor(storage, now = Date.now) {
    this.storage = storage;
    this.now = now;
  }

  /**
   * @returns {Session | null} the saved session, unless it can no longer be used: its access token expired and it
   *   has no refresh token, or its refresh token expired too
   */
  load() {
    const session = this.#read(SESSION_KEY);
    if (!session || typeof session.token !== 'string' || !session.token) return null;
    const usableUntil = session.refreshToken ? session.refreshExpiresAtMs : session.expiresAtMs;
    if (usableUntil > 0 && usableUntil <= this.now()) {
      this.clear();
      return null;
    }
    return session;
  }

  /** @param {Session} session */
  save(session) {
    this.#write(SESSION_KEY, session);
  }

  clear() {
    try {
      this.storage?.removeItem(SESSION_KEY);
    } catch {
      // storage unavailable: nothing kept anyway
    }
  }

  /**
   * @param {string} userId
   * @returns {OutboxItem[]}
   */
  loadOutbox(userId) {
    const items = this.#read(OUTBOX_PREFIX + userId);
    return Array.isArray(items) ? items : [];
  }

  /**
   * @param {string} userId
   * @param {OutboxItem[]} items
   */
  saveOutbox(userId, items) {
    if (items.length === 0) {
      try {
        this.storage?.removeItem(OUTBOX_PREFIX + userId);
      } catch {
        // ignore
      }
      return;
    }
    this.#write(OUTBOX_PREFIX + userId, items);
  }

  /** @param {string} key */
  #read(key) {
    try {
      const text = this.storage?.getItem(key);
      return text ? JSON.parse(text) : null;
    } catch {
      return null;
    }
  }

  /**
   * @param {string} key
   * @param {unknown} value
   */
  #write(key, value) {
    try {
      this.storage?.setItem(key, JSON.stringify(value));
    } catch {
      // quota or privacy mode: the session lives for this page only
    }
  }
}
