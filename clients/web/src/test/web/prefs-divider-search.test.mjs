// The state logic added for issue 12: my conversation settings (pin, mute, archive), where the unread divider
// goes, paging back to it, search in the list's data and in a conversation, and a new chat listed before its first
// message.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChatClient } from '../../main/web/client.js';
import { ChatState, fold } from '../../main/web/chat-state.js';
import { MUTED_FOREVER } from '../../main/web/conversation.js';
import { keepPosition, nearBottom, nearTop } from '../../main/web/lib/scroll.js';
import { Connection } from '../../main/web/socket.js';
import { FakeServer, FakeTimers, FakeWebSocket, posted } from './helpers.mjs';

const ME = '100';
const BOB = '200';
const D = 'd:100:200';

/** @param {Array<Record<string, any>>} summaries */
function listed(summaries) {
  const s = new ChatState();
  s.setUser(ME);
  s.applyConversationList(summaries);
  return s;
}

describe('conversation settings', () => {
  test('should list pinned conversations first, latest pin first, then by activity', () => {
    const s = listed([
      { conversationId: 'g:1', kind: 'GROUP', title: 'A', lastSeq: '1', lastActivityMs: '9000' },
      { conversationId: 'g:2', kind: 'GROUP', title: 'B', lastSeq: '1', lastActivityMs: '1000', prefs: { pinnedAtMs: '50' } },
      { conversationId: 'g:3', kind: 'GROUP', title: 'C', lastSeq: '1', lastActivityMs: '2000', prefs: { pinnedAtMs: '70' } },
      { conversationId: 'g:4', kind: 'GROUP', title: 'D', lastSeq: '1', lastActivityMs: '8000' },
    ]);
    assert.deepEqual(s.listedConversations().map((c) => c.id), ['g:3', 'g:2', 'g:1', 'g:4']);
  });

  test('should keep archived conversations apart and take a push from another device', () => {
    const s = listed([
      { conversationId: 'g:1', kind: 'GROUP', title: 'A', lastSeq: '1', prefs: { archived: true } },
      { conversationId: 'g:2', kind: 'GROUP', title: 'B', lastSeq: '1' },
    ]);
    assert.deepEqual(s.listedConversations({ archived: true }).map((c) => c.id), ['g:1']);
    assert.deepEqual(s.listedConversations({ archived: false }).map((c) => c.id), ['g:2']);

    s.applyPrefs({ conversationId: 'g:1' }); // all defaults: unarchived, unpinned, unmuted
    s.applyPrefs({ conversationId: 'g:2', archived: true });
    assert.deepEqual(s.listedConversations({ archived: true }).map((c) => c.id), ['g:2']);
  });

  test('should read a conversation without prefs in a new list as back to the defaults', () => {
    const s = listed([{ conversationId: 'g:1', kind: 'GROUP', lastSeq: '1', prefs: { pinnedAtMs: '5', archived: true } }]);
    s.applyConversationList([{ conversationId: 'g:1', kind: 'GROUP', lastSeq: '1' }]);
    const conv = s.get('g:1');
    assert.equal(conv?.pinnedAtMs, 0);
    assert.equal(conv?.archived, false);
  });

  test('should keep a settings change made while a list read was on its way (the stale list loses)', () => {
    const s = listed([{ conversationId: 'g:1', kind: 'GROUP', lastSeq: '1' }]);
    const askedAt = s.prefsVersion; // a list read starts
    s.applyPrefs({ conversationId: 'g:1', archived: true }); // I archive, or another device's change is pushed
    s.applyConversationList([{ conversationId: 'g:1', kind: 'GROUP', lastSeq: '2' }], askedAt); // read before it
    assert.equal(s.get('g:1')?.archived, true);
    assert.equal(s.get('g:1')?.lastSeq, 2, 'the rest of the list is taken');
    s.applyConversationList([{ conversationId: 'g:1', kind: 'GROUP', lastSeq: '2' }]); // a list read after it
    assert.equal(s.get('g:1')?.archived, false);
  });

  test('should be muted until the time given, or until unmuted', () => {
    const s = listed([
      { conversationId: 'g:1', kind: 'GROUP', lastSeq: '1', prefs: { mutedUntilMs: '5000' } },
      { conversationId: 'g:2', kind: 'GROUP', lastSeq: '1', prefs: { mutedUntilMs: MUTED_FOREVER } },
    ]);
    assert.equal(s.isMuted('g:1', 4999), true);
    assert.equal(s.isMuted('g:1', 5000), false);
    assert.equal(s.isMuted('g:2', 4_000_000_000_000), true);
    assert.equal(s.isMuted('g:3', 0), false);
  });

  test('should send only the setting changed, show it at once, and put back the server state when refused', async () => {
    const server = new PrefsServer();
    server.create(D, 'DIRECT', [ME, BOB]);
    server.post(D, BOB, 'hi');
    const { client, timers } = await connectedClient(server);

    const archived = client.setPrefs(D, { archived: true });
    assert.equal(client.state.get(D)?.archived, true, 'shown before the server answers');
    await timers.advance(0);
    assert.equal(await archived, true);
    assert.deepEqual(server.asked[0], { conversationId: D, archived: true });

    const pinned = client.setPrefs(D, { pinned: true });
    assert.ok((client.state.get(D)?.pinnedAtMs ?? 0) > 0);
    await timers.advance(0);
    assert.equal(await pinned, false);
    await timers.advance(10);
    assert.equal(client.state.get(D)?.pinnedAtMs, 0, 'the list read again holds no pin');
    assert.equal(client.toasts.at(-1)?.text, 'That setting could not be changed. You can pin up to 5 chats.');
    client.stop();
  });
});

describe('unread divider', () => {
  /** A loaded direct window holding seqs from..to, Bob's messages except the ones listed as mine. */
  function window(from, to, mine = /** @type {number[]} */ ([])) {
    const s = new ChatState();
    s.setUser(ME);
    s.applyConversationList([{ conversationId: D, kind: 'DIRECT', lastSeq: String(to), seenSeq: '0', peer: { userId: BOB } }]);
    const events = [];
    for (let seq = from; seq <= to; seq += 1) events.push(posted(D, seq, mine.includes(seq) ? ME : BOB, `m${seq}`));
    s.applyHistory(D, { events, hasMore: from > 1 }, 0);
    return s;
  }

  test('should go before the first message from someone else after my seen mark', () => {
    const s = window(1, 10, [6, 7]);
    assert.equal(s.firstUnreadSeq(D, 5), 8);
    assert.equal(s.firstUnreadSeq(D, 3), 4);
    assert.equal(s.firstUnreadSeq(D, 10), 0, 'nothing unread');
  });

  test('should know when the window does not reach back to the first unread message', () => {
    const s = window(101, 150);
    assert.equal(s.holdsAllAfter(D, 99), false);
    assert.equal(s.holdsAllAfter(D, 100), true);
    assert.equal(s.firstUnreadSeq(D, 0), 101, 'the earliest held, until older pages come');
  });

  test('should page back until the window holds every unread message', async () => {
    const server = new PrefsServer();
    server.create(D, 'DIRECT', [ME, BOB]);
    for (let seq = 1; seq <= 200; seq += 1) server.post(D, BOB, `m${seq}`);
    const { client, timers } = await connectedClient(server);
    await client.loadConversation(D);
    assert.equal(client.state.get(D)?.low, 151, 'the latest page first');
    client.state.setMyMarks(D, 'SEEN', 40);

    const done = client.loadBackTo(D, 40);
    await timers.advance(0);
    await done;
    assert.equal(client.state.get(D)?.low, 1 + 50 * Math.floor(40 / 50), 'pages of 50 until seq 41 is held');
    assert.equal(client.state.firstUnreadSeq(D, 40), 41);
    assert.equal(client.state.unread(D), 160);
    client.stop();
  });
});

describe('scroll paging', () => {
  test('should keep what is on screen in place when older messages are added above it', () => {
    // 2,000 px of content scrolled to 100 px from the top; a page of 1,500 px comes in above.
    assert.equal(keepPosition({ scrollHeight: 2000, scrollTop: 100 }, 3500), 1600);
    assert.equal(keepPosition({ scrollHeight: 2000, scrollTop: 0 }, 2000), 0, 'nothing added, nothing moves');
  });

  test('should call the edges near enough to page or to follow new messages', () => {
    assert.equal(nearTop({ scrollTop: 30 }), true);
    assert.equal(nearTop({ scrollTop: 400 }), false);
    assert.equal(nearBottom({ scrollHeight: 3000, scrollTop: 2450, clientHeight: 500 }), true);
    assert.equal(nearBottom({ scrollHeight: 3000, scrollTop: 1000, clientHeight: 500 }), false);
  });
});

describe('search', () => {
  test('should find held messages by any part of their text, ignoring case and accents, never deleted ones', () => {
    const s = new ChatState();
    s.setUser(ME);
    s.markEmpty(D);
    s.applyLive(posted(D, 1, BOB, 'Déjeuner à midi ?'));
    s.applyLive(posted(D, 2, ME, 'Lunch at noon'));
    s.applyLive(posted(D, 3, BOB, 'dejeuner demain'));
    s.applyLive(posted(D, 4, BOB, 'DEJEUNER', { deleted: true }));
    assert.deepEqual(s.searchMessages(D, 'DÉJEUNER'), [1, 3]);
    assert.deepEqual(s.searchMessages(D, '  '), []);
    assert.equal(fold('Ça Va'), 'ca va');
  });
});

describe('new chats', () => {
  test('should list a direct chat opened on this page before its first message', () => {
    const s = new ChatState();
    s.setUser(ME);
    s.ensure(D).opened = true;
    assert.deepEqual(s.listedConversations().map((c) => c.id), [D]);
    s.ensure('d:100:300');
    assert.deepEqual(s.listedConversations().map((c) => c.id), [D], 'opened ones only');
  });

  test('should name the senders of list previews, so none is shown as an ID', () => {
    const s = listed([{ conversationId: 'g:1', kind: 'GROUP', lastSeq: '2',
      lastMessage: posted('g:1', 2, '300', 'hi') }]);
    assert.deepEqual(s.listedUsers(), ['300']);
  });
});

describe('receipts in the group panel', () => {
  test('should move my own row when I read, not only my marks', () => {
    const s = new ChatState();
    s.setUser(ME);
    s.applySync('g:1', { kind: 'GROUP', lastSeq: '9', title: 'G',
      members: [{ userId: ME, role: 'OWNER', seenSeq: '1' }, { userId: BOB, role: 'MEMBER' }] });
    s.setMyMarks('g:1', 'SEEN', 9);
    assert.equal(s.get('g:1')?.members.get(ME)?.seenSeq, 9);
  });
});

/**
 * A client connected to a fake server, the first list and syncs done.
 * @param {FakeServer} server
 */
async function connectedClient(server) {
  FakeWebSocket.reset();
  const timers = new FakeTimers();
  const client = new ChatClient({
    session: { token: 't', userId: ME, deviceId: '1', expiresAtMs: 0, profile: { userId: ME, username: 'me', displayName: 'Me' } },
    api: /** @type {any} */ ({ user: async (/** @type {string} */ id) => ({ userId: id, username: `u${id}`, displayName: `U${id}` }) }),
    timers,
    now: timers.now,
    wsUrl: 'ws://test/ws/v1',
    isVisible: () => false,
    connect: (options) => new Connection({ ...options, WebSocketImpl: FakeWebSocket, random: () => 0 }),
  });
  client.start();
  server.attach(FakeWebSocket.last);
  FakeWebSocket.last.welcome(ME);
  await timers.advance(0);
  return { client, timers };
}

/** A fake server that keeps my conversation settings and refuses pins. */
class PrefsServer extends FakeServer {
  constructor() {
    super(ME);
    /** @type {Record<string, any>[]} */
    this.asked = [];
  }

  /** @param {any} f */
  respond(f) {
    if (f.setConversationPrefs) {
      this.asked.push(f.setConversationPrefs);
      return f.setConversationPrefs.pinned ? { error: { code: 'INVALID_ARGUMENT', message: 'pinned conversations: 5' } } : { ok: {} };
    }
    if (f.history) return super.respond({ history: { ...f.history, limit: Math.min(50, Number(f.history.limit)) } });
    return super.respond(f);
  }
}
