// This device's messages on their way: each gets an idempotency key once, is shown at once as pending, is sent when
// connected, and is re-sent with the same key after a reconnect (or a reload: unsent messages are kept in
// localStorage) until the server accepts it. The server stores a retried key only once, so nothing is duplicated.
// An error the server marks retriable (it is busy, rate limits) is retried by itself a few times, 1 s, 2 s, 4 s
// apart; a message the server refuses otherwise is marked failed and waits for the user's retry (same key) or
// discard.

import { errorText } from './lib/errors.js';
import { ConnectionLost, ServerError } from './socket.js';
import { num } from './lib/proto.js';

/**
 * @typedef {import('./chat-state.js').ChatState} ChatState
 * @typedef {import('./session-store.js').SessionStore} SessionStore
 *
 * @typedef {object} OutboxOptions
 * @property {ChatState} state where pending messages live
 * @property {SessionStore} [store] keeps unsent messages across reloads
 * @property {string} userId whose outbox
 * @property {(frame: Record<string, any>) => Promise<Record<string, any>>} request
 * @property {() => boolean} isConnected
 * @property {() => void} onChange
 * @property {(error: unknown) => void} onRefused a send the server refused (it is marked failed with the reason)
 * @property {(conversationId: string, seq: number) => void} onAhead accepted with a seq the window does not hold yet
 * @property {{setTimeout: Function}} timers
 */

/** Automatic retries of a send the server answered with a retriable error, before it is shown as failed. */
export const AUTO_RETRIES = 3;

export class Outbox {
  /** @param {OutboxOptions} options */
  constructor(options) {
    this.options = options;
    /** @type {Set<string>} keys in flight */
    this.sending = new Set();
    /** What persist() last wrote, to skip rewriting the same. */
    this.saved = '';
    /** @type {Map<string, number>} automatic retries so far, by key */
    this.retries = new Map();
  }

  /**
   * Queues a message and sends it if connected.
   * @param {string} conversationId
   * @param {{key: string, text: string, replyToSeq: number, nowMs: number}} message
   */
  send(conversationId, message) {
    this.options.state.addPending(conversationId, message);
    this.persist();
    this.options.onChange();
    void this.#transmit(conversationId, message.key);
  }

  /**
   * Sends a failed message again, with the same idempotency key.
   * @param {string} conversationId
   * @param {string} key
   */
  retry(conversationId, key) {
    if (!this.options.state.retryPending(conversationId, key)) return;
    this.options.onChange();
    void this.#transmit(conversationId, key);
  }

  /**
   * Gives up on a failed message.
   * @param {string} conversationId
   * @param {string} key
   */
  discard(conversationId, key) {
    this.options.state.discardPending(conversationId, key);
    this.persist();
    this.options.onChange();
  }

  /** Sends every message not yet accepted, in order (after a Welcome). */
  async flush() {
    for (const { conversationId, pending } of this.options.state.unsentMessages()) {
      if (!this.options.isConnected()) return;
      await this.#transmit(conversationId, pending.key);
    }
  }

  /**
   * Puts the messages saved by an earlier page back in the queue. One the server refused stays failed, with its
   * reason: it waits for the user's retry, a reload does not send it again behind their back.
   */
  restore() {
    const { state, store, userId } = this.options;
    this.saved = '';
    for (const item of store?.loadOutbox(userId) ?? []) {
      if (!item || typeof item.key !== 'string' || typeof item.conversationId !== 'string') continue;
      if (state.findPending(item.conversationId, item.key)) continue;
      state.addPending(item.conversationId, {
        key: item.key, text: String(item.text ?? ''), replyToSeq: num(item.replyToSeq), nowMs: num(item.createdAtMs),
      });
      if (item.failed === true) state.markFailed(item.conversationId, item.key, String(item.error ?? ''));
    }
  }

  /** Saves the messages not yet accepted. */
  persist() {
    const { state, store, userId } = this.options;
    if (!store) return;
    const items = [];
    for (const conv of state.conversations.values()) {
      for (const p of conv.pending) {
        if (p.status === 'sent') continue;
        items.push({ conversationId: conv.id, key: p.key, text: p.text, replyToSeq: p.replyToSeq, createdAtMs: p.createdAtMs,
          ...(p.status === 'failed' ? { failed: true, error: p.error ?? '' } : {}) });
      }
    }
    const snapshot = JSON.stringify(items);
    if (snapshot === this.saved) return;
    this.saved = snapshot;
    store.saveOutbox(userId, items);
  }

  /**
   * @param {string} conversationId
   * @param {string} key
   */
  async #transmit(conversationId, key) {
    const { state } = this.options;
    const pending = state.findPending(conversationId, key);
    if (!pending || pending.status !== 'pending' || this.sending.has(key)) return;
    if (!this.options.isConnected()) return; // sent after the next Welcome
    this.sending.add(key);
    try {
      /** @type {Record<string, any>} */
      const send = { conversationId, idempotencyKey: key, body: { text: pending.text } };
      if (pending.replyToSeq > 0) send.replyToSeq = String(pending.replyToSeq);
      const answer = await this.options.request({ send });
      const seq = num(answer.accepted?.seq);
      this.retries.delete(key);
      state.markAccepted(conversationId, key, seq);
      const conv = state.get(conversationId);
      // Its event normally came with the answer (or follows as a push, from a cell); the controller makes sure.
      if (conv && conv.loaded && seq > conv.high) this.options.onAhead(conversationId, seq);
    } catch (e) {
      if (e instanceof ConnectionLost) return; // stays pending: re-sent with the same key after reconnect
      if (e instanceof ServerError && e.code === 'TIMEOUT') return; // idem
      const tries = this.retries.get(key) ?? 0;
      if (e instanceof ServerError && e.retriable && tries < AUTO_RETRIES) {
        this.retries.set(key, tries + 1);
        this.options.timers.setTimeout(() => void this.#transmit(conversationId, key), 1000 * 2 ** tries);
        return;
      }
      this.retries.delete(key);
      state.markFailed(conversationId, key, errorText(e, 'send'));
      this.options.onRefused(e);
    } finally {
      this.sending.delete(key);
      this.persist();
      this.options.onChange();
    }
  }
}
