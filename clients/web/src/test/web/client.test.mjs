import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { ChatClient } from '../../main/web/client.js';
import { Connection } from '../../main/web/socket.js';
import { FakeServer, FakeTimers, FakeWebSocket, settle } from './helpers.mjs';

const ME = '100';
const BOB = '200';
const D = 'd:100:200';

/** @param {FakeTimers} timers */
function makeClient(timers) {
  const api = /** @type {any} */ ({ user: async (/** @type {string} */ id) => ({ userId: id, username: `u${id}`, displayName: `U${id}` }), searchUsers: async () => [], contacts: async () => [], blocked: async () => [] });
  const client = new ChatClient({
    session: { token: 't', userId: ME, deviceId: '1', expiresAtMs: 0, profile: { userId: ME, username: 'me', displayName: 'Me' } },
    api,
    timers,
    now: timers.now,
    wsUrl: 'ws://test/ws/v1',
    isVisible: () => true,
    connect: (options) => new Connection({ ...options, WebSocketImpl: FakeWebSocket, random: () => 0 }),
  });
  return client;
}

/**
 * Starts a client against a fake server and lets the first sync finish.
 * @param {FakeServer} server
 */
async function connected(server) {
  const timers = new FakeTimers();
  const client = makeClient(timers);
  client.start();
  server.attach(FakeWebSocket.last);
  FakeWebSocket.last.welcome(ME);
  await timers.advance(0);
  return { client, timers };
}

beforeEach(() => FakeWebSocket.reset());

describe('where the client connects', () => {
  /**
   * @param {FakeTimers} timers
   * @param {() => Promise<string | null>} connectUrl the gateway's answer to GET /api/v1/connect
   * @param {number[]} asked counts the questions
   */
  function gatewayClient(timers, connectUrl, asked) {
    const api = /** @type {any} */ ({
      user: async (/** @type {string} */ id) => ({ userId: id, username: `u${id}`, displayName: `U${id}` }),
      searchUsers: async () => [],
      connectUrl: () => {
        asked.push(1);
        return connectUrl();
      },
    });
    return new ChatClient({
      session: { token: 't k', userId: ME, deviceId: '1', expiresAtMs: 0, profile: { userId: ME, username: 'me', displayName: 'Me' } },
      api,
      timers,
      now: timers.now,
      isVisible: () => true,
      connect: (options) => new Connection({ ...options, WebSocketImpl: FakeWebSocket, random: () => 0 }),
    });
  }

  test('should open the socket on the messaging server the gateway names', async () => {
    const timers = new FakeTimers();
    /** @type {number[]} */
    const asked = [];
    const client = gatewayClient(timers, async () => 'ws://10.0.0.7:9001/ws/v1', asked);
    client.start();
    await settle();
    assert.equal(FakeWebSocket.last.url, 'ws://10.0.0.7:9001/ws/v1?access_token=t%20k');
    FakeWebSocket.last.welcome(ME);
    FakeWebSocket.last.serverClose(1006);
    await timers.advance(1000);
    await settle();
    assert.equal(asked.length, 2, 'asks again on every reconnect without a hint');
    client.stop();
  });

  test('should use the page host when there is no gateway (404), and not ask again', async () => {
    const timers = new FakeTimers();
    /** @type {number[]} */
    const asked = [];
    const saved = globalThis.location;
    Object.defineProperty(globalThis, 'location', { value: { protocol: 'http:', host: 'localhost:8080' }, configurable: true });
    try {
      const client = gatewayClient(timers, async () => null, asked);
      client.start();
      await settle();
      assert.equal(FakeWebSocket.last.url, 'ws://localhost:8080/ws/v1?access_token=t%20k');
      FakeWebSocket.last.welcome(ME);
      FakeWebSocket.last.serverClose(1006);
      await timers.advance(1000);
      assert.equal(FakeWebSocket.instances.length, 2);
      assert.equal(asked.length, 1);
      client.stop();
    } finally {
      Object.defineProperty(globalThis, 'location', { value: saved, configurable: true });
    }
  });

  test('should follow a reconnect hint without asking the gateway', async () => {
    const timers = new FakeTimers();
    /** @type {number[]} */
    const asked = [];
    const client = gatewayClient(timers, async () => 'ws://10.0.0.7:9001/ws/v1', asked);
    client.start();
    await settle();
    FakeWebSocket.last.welcome(ME);
    FakeWebSocket.last.serverSend({ reconnect: { address: 'http://10.0.0.9:9002', reason: 'partition 3 moved' } });
    FakeWebSocket.last.serverClose(4010);
    await timers.advance(0);
    assert.equal(FakeWebSocket.last.url, 'ws://10.0.0.9:9002/ws/v1?access_token=t%20k');
    assert.equal(asked.length, 1);
    client.stop();
  });
});

describe('keeping windows gap-free', () => {
  test('should sync after high when a live event skips sequence numbers', async () => {
    const server = new FakeServer(ME);
    server.create(D, 'DIRECT', [ME, BOB]);
    for (let i = 1; i <= 3; i += 1) server.post(D, BOB, `m${i}`);
    const { client, timers } = await connected(server);
    client.openConversation(D);
    await timers.advance(0);
    assert.deepEqual(client.debugState().conversations[D].seqs, [1, 2, 3]);

    server.post(D, BOB, 'm4'); // lost on its way
    server.post(D, BOB, 'm5');
    const ws = FakeWebSocket.last;
    const syncsBefore = ws.sentOf('sync').length;
    ws.serverSend({ event: server.post(D, BOB, 'm6') });
    await timers.advance(0);
    const syncs = ws.sentOf('sync').slice(syncsBefore);
    assert.equal(syncs[0].sync.afterSeq, '3');
    const w = client.debugState().conversations[D];
    assert.deepEqual([w.low, w.high, w.seqs], [1, 6, [1, 2, 3, 4, 5, 6]]);

    ws.serverSend({ event: server.convs.get(D)?.events[4] }); // a late duplicate of seq 5
    await timers.advance(0);
    assert.deepEqual(client.debugState().conversations[D].seqs, [1, 2, 3, 4, 5, 6]);
    assert.equal(client.state.timeline(D).length, 6);
  });

  test('should page a long gap until has_more is false', async () => {
    const server = new FakeServer(ME);
    server.create(D, 'DIRECT', [ME, BOB]);
    server.post(D, BOB, 'first');
    const { client, timers } = await connected(server);
    client.openConversation(D);
    await timers.advance(0);
    for (let i = 0; i < 450; i += 1) server.post(D, BOB, `bulk ${i}`);
    FakeWebSocket.last.serverSend({ event: server.post(D, BOB, 'last') });
    await timers.advance(0);
    const w = client.debugState().conversations[D];
    assert.equal(w.high, 452);
    assert.equal(w.seqs.length, 452);
    assert.ok(FakeWebSocket.last.sentOf('sync').length >= 3);
  });

  test('should resync after a reconnect and re-send a pending message with the same key', async () => {
    const server = new FakeServer(ME);
    server.create(D, 'DIRECT', [ME, BOB]);
    server.post(D, BOB, 'hello');
    const { client, timers } = await connected(server);
    client.openConversation(D);
    await timers.advance(0);

    // The first attempt reaches the server, but the socket dies before the answer and the push.
    const first = FakeWebSocket.last;
    first.responder = (f) => {
      if (f.send) {
        server.pushLive = false;
        server.respond(f);
        server.pushLive = true;
        queueMicrotask(() => first.serverClose(1006));
        return null;
      }
      return server.respond(f);
    };
    client.sendMessage(D, 'are you there?');
    await settle();
    assert.equal(client.state.pendingOf(D)[0]?.status, 'pending');
    const key = first.sentOf('send')[0].send.idempotencyKey;
    server.post(D, BOB, 'missed while offline');

    await timers.advance(500); // backoff
    const second = FakeWebSocket.last;
    assert.notEqual(second, first);
    server.attach(second);
    second.welcome(ME);
    await timers.advance(0);
    assert.deepEqual(second.sentOf('send').map((f) => f.send.idempotencyKey), [key]);
    assert.ok(second.sentOf('sync').some((f) => f.sync.conversationId === D && f.sync.afterSeq === '1'));
    const w = client.debugState().conversations[D];
    assert.deepEqual([w.seqs, w.pending], [[1, 2, 3], 0]);
    assert.deepEqual(client.state.timeline(D).map((e) => e.text), ['hello', 'are you there?', 'missed while offline']);
  });

  test('should load a conversation that first appears in a live event', async () => {
    const server = new FakeServer(ME);
    const { client, timers } = await connected(server);
    server.create('g:9', 'GROUP', [ME, BOB], 'New team');
    for (let i = 1; i <= 2; i += 1) server.post('g:9', BOB, `m${i}`);
    FakeWebSocket.last.serverSend({ event: server.post('g:9', BOB, 'm3') });
    await timers.advance(1000);
    const w = client.debugState().conversations['g:9'];
    assert.deepEqual(w.seqs, [1, 2, 3]);
    assert.equal(client.state.get('g:9')?.title, 'New team');
    assert.ok(FakeWebSocket.last.sentOf('listConversations').length >= 2, 'listed again');
  });
});

describe('sending and receipts', () => {
  test('should show a message as pending, then replace it by its event', async () => {
    const server = new FakeServer(ME);
    const { client, timers } = await connected(server);
    client.openDirectWith({ userId: BOB, username: 'bob', displayName: 'Bob' });
    await timers.advance(0);
    assert.equal(client.state.listedConversations().length, 1, 'listed once opened, before its first message');
    client.sendMessage(D, 'hi bob');
    assert.equal(client.state.pendingOf(D)[0].status, 'pending');
    assert.equal(client.state.listedConversations().length, 1);
    await timers.advance(0);
    assert.equal(client.state.pendingOf(D).length, 0);
    assert.deepEqual(client.debugState().conversations[D].seqs, [1]);
    assert.equal(client.state.timeline(D)[0].text, 'hi bob');
  });

  test('should send DELIVERED for events from others, and SEEN only for the open conversation', async () => {
    const server = new FakeServer(ME);
    server.create(D, 'DIRECT', [ME, BOB]);
    server.post(D, BOB, 'one');
    const { client, timers } = await connected(server);
    const ws = FakeWebSocket.last;
    await timers.advance(400);
    assert.deepEqual(ws.sentOf('receipt').map((f) => [f.receipt.kind, f.receipt.upToSeq]), [['DELIVERED', '1']], 'preloaded');
    client.openConversation(D);
    await timers.advance(400);
    ws.serverSend({ event: server.post(D, BOB, 'two') });
    ws.serverSend({ event: server.post(D, BOB, 'three') });
    await timers.advance(400);
    assert.deepEqual(ws.sentOf('receipt').map((f) => [f.receipt.kind, f.receipt.upToSeq]),
      [['DELIVERED', '1'], ['SEEN', '1'], ['SEEN', '3']], 'debounced: one SEEN for two events');
    assert.equal(client.state.unread(D), 0);
  });
});

describe('lost pushes', () => {
  test('should fetch the event of an accepted message whose push never came', async () => {
    const server = new FakeServer(ME);
    server.create(D, 'DIRECT', [ME, BOB]);
    server.post(D, BOB, 'hi');
    const { client, timers } = await connected(server);
    client.openConversation(D);
    await timers.advance(0);
    server.pushLive = false; // accepted, but the event push is lost
    client.sendMessage(D, 'hello?');
    await timers.advance(0);
    assert.equal(client.state.pendingOf(D)[0].status, 'sent');
    await timers.advance(2500);
    assert.deepEqual(client.debugState().conversations[D].seqs, [1, 2]);
    assert.equal(client.state.pendingOf(D).length, 0);
  });
});
