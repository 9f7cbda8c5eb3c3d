import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChatState } from '../../main/web/chat-state.js';
import { Outbox } from '../../main/web/outbox.js';
import { IDLE_AFTER_MS, PresenceReporter } from '../../main/web/presence.js';
import { SessionStore } from '../../main/web/session-store.js';
import { ConnectionLost, ServerError } from '../../main/web/socket.js';
import { FakeTimers, settle } from './helpers.mjs';

/** @param {{visible?: boolean, connected?: boolean}} [o] */
function reporter(o = {}) {
  const timers = new FakeTimers();
  /** @type {any[]} */
  const sent = [];
  const env = { visible: o.visible ?? true, connected: o.connected ?? true };
  const p = new PresenceReporter({
    send: (f) => { if (!env.connected) return false; sent.push(f); return true; },
    isConnected: () => env.connected,
    isVisible: () => env.visible,
    now: timers.now,
    timers,
  });
  return { p, sent, timers, env };
}

describe('presence and typing', () => {
  test('should go AWAY after 5 minutes without input or when hidden, ONLINE on activity, BUSY on request', async () => {
    const { p, sent, timers, env } = reporter();
    p.start();
    p.connected();
    await timers.advance(IDLE_AFTER_MS + 100);
    env.visible = false;
    p.update();
    env.visible = true;
    assert.equal(p.activity(), true);
    p.setBusy(true);
    p.activity();
    p.setBusy(false);
    assert.deepEqual(sent.map((f) => f.presence.status), ['ONLINE', 'AWAY', 'ONLINE', 'BUSY', 'ONLINE']);
  });

  test('should send presence again after a reconnect', () => {
    const { p, sent, env } = reporter({ connected: false });
    p.connected();
    assert.equal(sent.length, 0);
    env.connected = true;
    p.connected();
    p.disconnected();
    p.connected();
    assert.deepEqual(sent.map((f) => f.presence.status), ['ONLINE', 'ONLINE']);
  });

  test('should send typing at most every 3 s and a stop on send', async () => {
    const { p, sent, timers } = reporter();
    p.typing('g:1');
    await timers.advance(1000);
    p.typing('g:1');
    await timers.advance(2000);
    p.typing('g:1');
    p.stopTyping('g:1');
    p.stopTyping('g:1');
    assert.deepEqual(sent.map((f) => f.typing.typing), [true, true, false]);
  });
});

/** A localStorage stand-in. */
class MemoryStorage {
  constructor() { /** @type {Map<string, string>} */ this.map = new Map(); }
  /** @param {string} k */ getItem(k) { return this.map.get(k) ?? null; }
  /** @param {string} k @param {string} v */ setItem(k, v) { this.map.set(k, v); }
  /** @param {string} k */ removeItem(k) { this.map.delete(k); }
}

describe('outbox', () => {
  /**
   * @param {(frame: any) => Promise<any>} request
   * @param {SessionStore} store
   * @param {{connected: boolean}} env
   */
  function outbox(request, store, env) {
    const state = new ChatState();
    state.setUser('1');
    state.markEmpty('d:1:2');
    /** @type {unknown[]} */
    const refused = [];
    const timers = new FakeTimers();
    const box = new Outbox({
      state, store, userId: '1', request, isConnected: () => env.connected, onChange: () => {},
      onRefused: (e) => refused.push(e), onAhead: () => {}, timers,
    });
    return { box, state, refused, timers };
  }

  test('should keep an unsent message across a reload and send it with the same key', async () => {
    const store = new SessionStore(/** @type {any} */ (new MemoryStorage()));
    const env = { connected: false };
    /** @type {any[]} */
    const sent = [];
    const first = outbox(async () => { throw new ConnectionLost(); }, store, env);
    first.box.send('d:1:2', { key: 'key-1', text: 'hello', replyToSeq: 3, nowMs: 5 });
    assert.equal(store.loadOutbox('1').length, 1);

    const second = outbox(async (f) => { sent.push(f); return { accepted: { seq: '4' } }; }, store, env);
    second.box.restore();
    env.connected = true;
    await second.box.flush();
    assert.deepEqual(sent, [{ send: { conversationId: 'd:1:2', idempotencyKey: 'key-1', body: { text: 'hello' }, replyToSeq: '3' } }]);
    assert.equal(second.state.pendingOf('d:1:2')[0].status, 'sent');
    assert.equal(store.loadOutbox('1').length, 0, 'accepted messages are not kept');
  });

  test('should mark a refused message failed and retry it with the same key', async () => {
    const store = new SessionStore(undefined);
    const env = { connected: true };
    /** @type {string[]} */
    const keys = [];
    let refuse = true;
    const { box, state, refused } = outbox(async (f) => {
      keys.push(f.send.idempotencyKey);
      if (refuse) throw new ServerError('TEXT_TOO_LONG', 'text length: 5000 (expected: <= 4096)', false);
      return { accepted: { seq: '1' } };
    }, store, env);
    box.send('d:1:2', { key: 'k', text: 'x', replyToSeq: 0, nowMs: 1 });
    await settle();
    assert.equal(state.pendingOf('d:1:2')[0].status, 'failed');
    assert.equal(refused.length, 1);
    refuse = false;
    box.retry('d:1:2', 'k');
    await settle();
    assert.deepEqual(keys, ['k', 'k']);
    assert.equal(state.pendingOf('d:1:2')[0].status, 'sent');
  });

  test('should keep a refused message failed across a reload, not send it again until the user retries', async () => {
    const store = new SessionStore(/** @type {any} */ (new MemoryStorage()));
    const env = { connected: true };
    const first = outbox(async () => { throw new ServerError('PRIVACY_RESTRICTED', 'user 2 does not accept this', false); }, store, env);
    first.box.send('d:1:2', { key: 'k', text: 'still there?', replyToSeq: 0, nowMs: 1 });
    await settle();

    /** @type {any[]} */
    const sent = [];
    const second = outbox(async (f) => { sent.push(f); return { accepted: { seq: '2' } }; }, store, env);
    second.box.restore();
    await second.box.flush();
    const [restored] = second.state.pendingOf('d:1:2');
    assert.equal(restored.status, 'failed');
    assert.equal(restored.error, 'This person does not accept messages from you.');
    assert.deepEqual(sent, [], 'a reload does not send it behind the user\'s back');

    second.box.retry('d:1:2', 'k');
    await settle();
    assert.deepEqual(sent.map((f) => f.send.idempotencyKey), ['k']);
    assert.equal(second.state.pendingOf('d:1:2')[0].status, 'sent');
  });

  test('should retry a retriable error by itself, 1 s, 2 s and 4 s apart, then show it failed', async () => {
    const env = { connected: true };
    /** @type {number[]} */
    const at = [];
    const { box, state, refused, timers } = outbox(async () => {
      at.push(timers.now());
      throw new ServerError('UNAVAILABLE', 'try again', true);
    }, new SessionStore(undefined), env);
    const start = timers.now();
    box.send('d:1:2', { key: 'k', text: 'x', replyToSeq: 0, nowMs: 1 });
    await settle();
    assert.equal(state.pendingOf('d:1:2')[0].status, 'pending');
    await timers.advance(10_000);
    assert.deepEqual(at.map((t) => t - start), [0, 1000, 3000, 7000]);
    assert.equal(state.pendingOf('d:1:2')[0].status, 'failed');
    assert.equal(refused.length, 1);
  });
});
