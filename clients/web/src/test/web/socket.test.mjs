import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { Connection, ConnectionLost, ServerError, backoffDelay } from '../../main/web/socket.js';
import { FakeTimers, FakeWebSocket, settle } from './helpers.mjs';

/**
 * @param {FakeTimers} timers
 * @param {Record<string, any>} [extra]
 */
function connection(timers, extra = {}) {
  /** @type {any[]} */
  const states = [];
  /** @type {any[]} */
  const pushes = [];
  /** @type {number[]} */
  const authLost = [];
  const c = new Connection({
    url: () => 'ws://test/ws/v1?access_token=t',
    WebSocketImpl: FakeWebSocket,
    timers,
    now: timers.now,
    random: () => 0,
    onState: (s) => states.push(s),
    onPush: (f) => pushes.push(f),
    onAuthLost: (code) => authLost.push(code),
    ...extra,
  });
  return { c, states, pushes, authLost };
}

beforeEach(() => FakeWebSocket.reset());

describe('connection', () => {
  test('should connect with the JSON subprotocol and be connected after Welcome', () => {
    const timers = new FakeTimers();
    const { c, states } = connection(timers);
    c.start();
    assert.deepEqual(FakeWebSocket.last.protocols, ['cellchat.v1.json']);
    assert.equal(c.state, 'connecting');
    FakeWebSocket.last.welcome();
    assert.deepEqual(states, ['connecting', 'connected']);
  });

  test('should match answers to requests by request ID and route pushes', async () => {
    const timers = new FakeTimers();
    const { c, pushes } = connection(timers);
    c.start();
    const ws = FakeWebSocket.last;
    ws.welcome();
    const a = c.request({ listConversations: {} });
    const b = c.request({ sync: { conversationId: 'g:1', afterSeq: '0' } });
    const [fa, fb] = ws.sent;
    assert.notEqual(fa.requestId, fb.requestId);
    ws.serverSend({ event: { conversationId: 'g:1', seq: '1' } });
    ws.serverSend({ requestId: fb.requestId, error: { code: 'NOT_A_MEMBER', message: 'not a member of g:1' } });
    ws.serverSend({ requestId: fa.requestId, conversations: {} });
    assert.deepEqual(await a, { requestId: fa.requestId, conversations: {} });
    await assert.rejects(b, (e) => e instanceof ServerError && e.code === 'NOT_A_MEMBER' && e.message === 'not a member of g:1');
    assert.equal(pushes.length, 1);
  });

  test('should apply the events an accepted answer carries as pushes, before the caller of the request continues', async () => {
    const timers = new FakeTimers();
    const { c, pushes } = connection(timers);
    c.start();
    const ws = FakeWebSocket.last;
    ws.welcome();
    const sent = c.request({ send: { conversationId: 'd:1:2', idempotencyKey: 'k1', body: { text: 'hi' } } });
    const event = { conversationId: 'd:1:2', seq: '4', actor: '1', message: { idempotencyKey: 'k1', body: { text: 'hi' } } };
    ws.serverSend({ requestId: ws.sent[0].requestId, accepted: { conversationId: 'd:1:2', seq: '4', events: [event] } });
    assert.deepEqual(pushes, [{ event }]);
    assert.equal((await sent).accepted.seq, '4');
    ws.serverSend({ requestId: 'x', accepted: { conversationId: 'd:1:2' } }); // no events: nothing to apply
    assert.equal(pushes.length, 1);
  });

  test('should reconnect with growing backoff up to 5 s and reset it after a Welcome', async () => {
    const timers = new FakeTimers();
    const { c } = connection(timers);
    c.start();
    const delays = [];
    for (let i = 0; i < 6; i += 1) {
      FakeWebSocket.last.serverClose(1006);
      delays.push(timers.pendingDelays()[0]);
      await timers.advance(delays[delays.length - 1]);
    }
    assert.deepEqual(delays, [500, 1000, 2000, 4000, 5000, 5000]);
    assert.equal(FakeWebSocket.instances.length, 7);
    FakeWebSocket.last.welcome();
    FakeWebSocket.last.serverClose(1001);
    assert.equal(timers.pendingDelays()[0], 500);
    assert.equal(backoffDelay(0, () => 1), 625, 'jitter adds up to 25 %');
  });

  test('should reject requests in flight when the socket closes', async () => {
    const timers = new FakeTimers();
    const { c } = connection(timers);
    c.start();
    FakeWebSocket.last.welcome();
    const pending = c.request({ listConversations: {} });
    FakeWebSocket.last.serverClose(1006);
    await assert.rejects(pending, (e) => e instanceof ConnectionLost);
    await assert.rejects(c.request({ ping: {} }), (e) => e instanceof ConnectionLost, 'not connected now');
  });

  test('should reconnect at once to the server a reconnect frame names, then to the usual URL again', async () => {
    const timers = new FakeTimers();
    /** @type {(string | undefined)[]} */
    const hints = [];
    const { c } = connection(timers, { url: (/** @type {string | undefined} */ hint) => {
      hints.push(hint);
      return `${hint ?? 'ws://test'}/ws/v1`;
    } });
    c.start();
    FakeWebSocket.last.welcome();
    FakeWebSocket.last.serverSend({ reconnect: { address: 'http://10.0.0.7:8080', reason: 'partition 3 moved' } });
    FakeWebSocket.last.serverClose(4010);
    await timers.advance(0);
    assert.deepEqual(hints, [undefined, 'http://10.0.0.7:8080'], 'no backoff before the named server');
    FakeWebSocket.last.serverClose(1006);
    await timers.advance(1000);
    assert.deepEqual(hints, [undefined, 'http://10.0.0.7:8080', undefined]);
  });

  test('should open the socket where an asynchronous url resolves, and retry with backoff when it fails', async () => {
    const timers = new FakeTimers();
    /** @type {Array<(url: string) => void>} */
    const answers = [];
    /** @type {Array<(e: Error) => void>} */
    const failures = [];
    const { c, states } = connection(timers, { url: () => new Promise((resolve, reject) => {
      answers.push(resolve);
      failures.push(reject);
    }) });
    c.start();
    assert.equal(FakeWebSocket.instances.length, 0, 'no socket before the answer');
    assert.equal(c.state, 'connecting');
    c.reconnectNow();
    assert.equal(answers.length, 1, 'one question at a time');

    failures[0](new Error('503'));
    await settle();
    assert.equal(c.state, 'offline');
    assert.equal(FakeWebSocket.instances.length, 0);
    await timers.advance(500);
    assert.equal(answers.length, 2, 'asked again after the backoff');

    answers[1]('ws://10.0.0.8:8080/ws/v1?access_token=t');
    await settle();
    assert.equal(FakeWebSocket.last.url, 'ws://10.0.0.8:8080/ws/v1?access_token=t');
    FakeWebSocket.last.welcome();
    assert.equal(states.at(-1), 'connected');
  });

  test('should not open a socket when stopped while the url is being resolved', async () => {
    const timers = new FakeTimers();
    /** @type {Array<(url: string) => void>} */
    const answers = [];
    const { c } = connection(timers, { url: () => new Promise((resolve) => answers.push(resolve)) });
    c.start();
    c.stop();
    answers[0]('ws://late/ws/v1');
    await settle();
    assert.equal(FakeWebSocket.instances.length, 0);
  });

  test('should reconnect at once after 4008 and stop for good after 4001 or 4003', async () => {
    const timers = new FakeTimers();
    const { c, authLost } = connection(timers);
    c.start();
    FakeWebSocket.last.welcome();
    FakeWebSocket.last.serverClose(4008);
    assert.equal(timers.pendingDelays()[0], 0);
    await timers.advance(0);
    assert.equal(FakeWebSocket.instances.length, 2);
    FakeWebSocket.last.welcome();
    FakeWebSocket.last.serverClose(4003);
    await timers.advance(60_000);
    assert.deepEqual(authLost, [4003]);
    assert.equal(FakeWebSocket.instances.length, 2);
    assert.equal(c.state, 'offline');

    const second = connection(new FakeTimers());
    second.c.start();
    FakeWebSocket.last.serverClose(4001);
    assert.deepEqual(second.authLost, [4001]);
  });

  test('should ping every 20 s and reconnect when no pong comes within 10 s', async () => {
    const timers = new FakeTimers();
    const { c } = connection(timers);
    c.start();
    const ws = FakeWebSocket.last;
    ws.responder = (f) => (f.ping ? { pong: {} } : null);
    ws.welcome();
    await timers.advance(20_000);
    assert.equal(ws.sentOf('ping').length, 1);
    await timers.advance(20_000);
    assert.equal(ws.sentOf('ping').length, 2);
    assert.equal(FakeWebSocket.instances.length, 1, 'pongs came back');
    ws.responder = null; // the server goes silent
    await timers.advance(20_000 + 10_000);
    assert.ok(ws.closed);
    assert.equal(c.state, 'offline');
    await timers.advance(1000);
    assert.equal(FakeWebSocket.instances.length, 2, 'reconnected');
  });

  test('should give up on a socket that never says Welcome', async () => {
    const timers = new FakeTimers();
    const { c } = connection(timers);
    c.start();
    await timers.advance(20_000);
    assert.ok(FakeWebSocket.instances[0].closed);
    assert.ok(c.failures >= 1);
  });
});
