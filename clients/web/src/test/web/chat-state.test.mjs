import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChatState } from '../../main/web/chat-state.js';
import { event, posted } from './helpers.mjs';

const ME = '100';
const BOB = '200';
const CAROL = '300';
const D = 'd:100:200';
const G = 'g:1';

/** A state with a loaded, empty window for D. */
function loadedDirect() {
  const s = new ChatState();
  s.setUser(ME);
  s.markEmpty(D);
  return s;
}

/** @param {ChatState} s @param {string} id */
const seqs = (s, id) => s.windows()[id].seqs;

describe('live events', () => {
  test('should apply events in order and advance high', () => {
    const s = loadedDirect();
    assert.equal(s.applyLive(posted(D, 1, BOB, 'hi')), 'applied');
    assert.equal(s.applyLive(posted(D, 2, ME, 'hello')), 'applied');
    const w = s.windows()[D];
    assert.deepEqual([w.low, w.high, w.seqs], [1, 2, [1, 2]]);
    assert.deepEqual(s.timeline(D).map((e) => e.text), ['hi', 'hello']);
  });

  test('should ignore an event it already holds', () => {
    const s = loadedDirect();
    s.applyLive(posted(D, 1, BOB, 'hi'));
    s.applyLive(event(D, 2, BOB, { edited: { targetSeq: '1', body: { text: 'hi there' } } }));
    assert.equal(s.applyLive(posted(D, 1, BOB, 'hi')), 'duplicate');
    assert.equal(s.applyLive(event(D, 2, BOB, { edited: { targetSeq: '1', body: { text: 'hi there' } } })), 'duplicate');
    assert.deepEqual(seqs(s, D), [1, 2]);
    assert.equal(s.timeline(D)[0].text, 'hi there', 'a duplicate must not roll the edit back');
  });

  test('should report a gap and hold nothing past it', () => {
    const s = loadedDirect();
    s.applyLive(posted(D, 1, BOB, 'one'));
    assert.equal(s.applyLive(posted(D, 4, BOB, 'four')), 'gap');
    const w = s.windows()[D];
    assert.deepEqual([w.high, w.seqs, w.lastSeq], [1, [1], 4]);
  });

  test('should close a gap with sync pages, skipping what it holds', () => {
    const s = loadedDirect();
    s.applyLive(posted(D, 1, BOB, 'one'));
    s.applyLive(posted(D, 5, BOB, 'five'));
    const first = s.applySync(D, { conversationId: D, events: [posted(D, 2, BOB, 'two'), posted(D, 3, ME, 'three')], lastSeq: '5', hasMore: true });
    assert.deepEqual(first, { added: 2, more: true });
    s.applyLive(posted(D, 4, BOB, 'four')); // arrives while the next page is on its way
    const second = s.applySync(D, { conversationId: D, events: [posted(D, 4, BOB, 'four'), posted(D, 5, BOB, 'five')], lastSeq: '5' });
    assert.deepEqual(second, { added: 1, more: false });
    assert.deepEqual(seqs(s, D), [1, 2, 3, 4, 5]);
  });

  test('should stop a sync page at a hole rather than skip it', () => {
    const s = loadedDirect();
    const r = s.applySync(D, { events: [posted(D, 1, BOB, 'a'), posted(D, 3, BOB, 'c')], lastSeq: '3' });
    assert.deepEqual(r, { added: 1, more: true });
    assert.deepEqual(seqs(s, D), [1]);
  });

  test('should ask to load a known conversation whose window is not loaded, and to list an unknown one', () => {
    const s = new ChatState();
    s.setUser(ME);
    s.applyConversationList([{ conversationId: D, kind: 'DIRECT', lastSeq: '7', unread: 2, peer: { userId: BOB, username: 'bob' } }]);
    assert.equal(s.applyLive(posted(D, 8, BOB, 'news')), 'unloaded');
    assert.equal(s.get(D)?.lastSeq, 8);
    assert.equal(s.unread(D), 3);
    assert.equal(s.preview(D)?.text, 'news');
    assert.equal(s.applyLive(posted(G, 1, BOB, 'new group')), 'unknown');
  });
});

describe('history windows', () => {
  test('should open a window on the latest page and page older events in front of it', () => {
    const s = new ChatState();
    s.setUser(ME);
    s.applyConversationList([{ conversationId: G, kind: 'GROUP', title: 'Team', lastSeq: '6' }]);
    s.applyHistory(G, { events: [posted(G, 4, BOB, 'd'), posted(G, 5, BOB, 'e'), posted(G, 6, BOB, 'f')], hasMore: true }, 0);
    let w = s.windows()[G];
    assert.deepEqual([w.low, w.high, s.get(G)?.hasOlder], [4, 6, true]);
    s.applyHistory(G, { events: [posted(G, 2, BOB, 'b'), posted(G, 3, BOB, 'c')], hasMore: true }, 4);
    w = s.windows()[G];
    assert.deepEqual([w.low, w.seqs], [2, [2, 3, 4, 5, 6]]);
    s.applyHistory(G, { events: [posted(G, 1, BOB, 'a')], hasMore: false }, 2);
    assert.deepEqual(seqs(s, G), [1, 2, 3, 4, 5, 6]);
    assert.equal(s.get(G)?.hasOlder, false);
  });

  test('should ignore a stale older page that does not join the window', () => {
    const s = new ChatState();
    s.setUser(ME);
    s.applyHistory(D, { events: [4, 5, 6].map((n) => posted(D, n, BOB, `m${n}`)), hasMore: true }, 0);
    assert.equal(s.applyHistory(D, { events: [posted(D, 1, BOB, 'a')] }, 3), 0, 'asked before 3 but low is 4');
    assert.equal(s.applyHistory(D, { events: [posted(D, 1, BOB, 'a'), posted(D, 2, BOB, 'b')] }, 4), 0, 'does not reach 3');
    assert.deepEqual(seqs(s, D), [4, 5, 6]);
  });

  test('should keep only the contiguous latest run of a first page', () => {
    const s = new ChatState();
    s.setUser(ME);
    s.applyHistory(D, { events: [posted(D, 1, BOB, 'a'), posted(D, 3, BOB, 'c'), posted(D, 4, BOB, 'd')] }, 0);
    const w = s.windows()[D];
    assert.deepEqual([w.low, w.high, s.get(D)?.hasOlder], [3, 4, true]);
  });
});

describe('message state', () => {
  test('should apply edits, deletes and reactions to held messages', () => {
    const s = loadedDirect();
    s.applyLive(posted(D, 1, ME, 'helo'));
    s.applyLive(event(D, 2, ME, { edited: { targetSeq: '1', body: { text: 'hello' } } }));
    s.applyLive(event(D, 3, BOB, { reaction: { targetSeq: '1', emoji: '👍', added: true } }));
    s.applyLive(event(D, 4, ME, { reaction: { targetSeq: '1', emoji: '👍', added: true } }));
    s.applyLive(event(D, 5, BOB, { reaction: { targetSeq: '1', emoji: '🎉', added: true } }));
    s.applyLive(event(D, 6, BOB, { reaction: { targetSeq: '1', emoji: '🎉', added: false } }));
    let [m] = s.timeline(D);
    assert.equal(m.text, 'hello');
    assert.ok(m.editedAtMs > 0);
    assert.deepEqual(m.reactions, [{ emoji: '👍', userIds: [BOB, ME] }]);
    s.applyLive(posted(D, 7, BOB, 'second'));
    s.applyLive(event(D, 8, BOB, { deleted: { targetSeq: '7' } }));
    m = s.timeline(D)[1];
    assert.deepEqual([m.deleted, m.text], [true, '']);
    assert.deepEqual(s.timeline(D).map((e) => e.seq), [1, 7], 'edits, deletes and reactions are not timeline items');
  });

  test('should ignore changes to a message it does not hold', () => {
    const s = new ChatState();
    s.setUser(ME);
    s.applyHistory(D, { events: [posted(D, 5, BOB, 'five')], hasMore: true }, 0);
    assert.equal(s.applyLive(event(D, 6, BOB, { edited: { targetSeq: '2', body: { text: 'x' } } })), 'applied');
    assert.deepEqual(seqs(s, D), [5, 6]);
  });

  test('should not roll a snapshot message back when older events page in', () => {
    const s = new ChatState();
    s.setUser(ME);
    // Message 1 was edited at 2 ("b") and again at 4 ("c"); history shows it as it is now.
    s.applyHistory(D, { events: [posted(D, 3, BOB, 'x'), event(D, 4, BOB, { edited: { targetSeq: '1', body: { text: 'c' } } })], hasMore: true }, 0);
    s.applyHistory(D, { events: [posted(D, 1, BOB, 'c', { editedAtMs: '5' }), event(D, 2, BOB, { edited: { targetSeq: '1', body: { text: 'b' } } })] }, 3);
    assert.equal(s.timeline(D)[0].text, 'c');
  });

  test('should show a deleted message from a snapshot as a tombstone', () => {
    const s = new ChatState();
    s.setUser(ME);
    s.applyHistory(D, { events: [posted(D, 1, BOB, '', { deleted: true }), posted(D, 2, BOB, 'hey', { reactions: [{ emoji: '❤️', userIds: [ME] }] })] }, 0);
    const [a, b] = s.timeline(D);
    assert.deepEqual([a.deleted, a.text], [true, '']);
    assert.deepEqual(b.reactions, [{ emoji: '❤️', userIds: [ME] }]);
  });

  test('should mark a body it cannot show as unsupported', () => {
    const s = loadedDirect();
    s.applyLive({ conversationId: D, seq: '1', actor: BOB, message: { body: {} } });
    assert.equal(s.timeline(D)[0].supported, false);
  });
});

describe('pending sends', () => {
  test('should replace a pending message by its event after Accepted', () => {
    const s = loadedDirect();
    s.addPending(D, { key: 'k1', text: 'hi', nowMs: 1 });
    assert.equal(s.pendingOf(D)[0].status, 'pending');
    s.markAccepted(D, 'k1', 1);
    assert.deepEqual([s.pendingOf(D)[0].status, s.pendingOf(D)[0].seq], ['sent', 1]);
    s.applyLive(posted(D, 1, ME, 'hi', { idempotencyKey: 'k1' }));
    assert.equal(s.pendingOf(D).length, 0);
    assert.equal(s.get(D)?.pending.length, 0);
    assert.deepEqual(seqs(s, D), [1]);
  });

  test('should drop the pending copy when the event comes before Accepted', () => {
    const s = loadedDirect();
    s.addPending(D, { key: 'k1', text: 'hi', nowMs: 1 });
    s.applyLive(posted(D, 1, ME, 'hi', { idempotencyKey: 'k1' }));
    s.markAccepted(D, 'k1', 1);
    assert.equal(s.get(D)?.pending.length, 0);
    assert.equal(s.timeline(D).length, 1);
  });

  test('should match an accepted message by seq when the event carries no key', () => {
    const s = loadedDirect();
    s.addPending(D, { key: 'k1', text: 'hi', nowMs: 1 });
    s.markAccepted(D, 'k1', 1);
    s.applySync(D, { events: [posted(D, 1, ME, 'hi')], lastSeq: '1' });
    assert.equal(s.get(D)?.pending.length, 0);
  });

  test('should keep unaccepted messages to re-send and failed ones out of the queue until retried', () => {
    const s = loadedDirect();
    s.addPending(D, { key: 'a', text: 'one', nowMs: 1 });
    s.addPending(D, { key: 'b', text: 'two', nowMs: 2 });
    s.addPending(D, { key: 'c', text: 'three', nowMs: 3 });
    s.markAccepted(D, 'a', 1);
    s.markFailed(D, 'b', 'Too long');
    assert.deepEqual(s.unsentMessages().map((u) => u.pending.key), ['c']);
    s.retryPending(D, 'b');
    assert.deepEqual(s.unsentMessages().map((u) => u.pending.key), ['b', 'c']);
    assert.equal(s.findPending(D, 'b')?.key, 'b', 'a retry keeps its idempotency key');
  });

  test('should not match an event of someone else to my pending message', () => {
    const s = loadedDirect();
    s.addPending(D, { key: 'k1', text: 'hi', nowMs: 1 });
    s.applyLive(posted(D, 1, BOB, 'hi', { idempotencyKey: 'k1' }));
    assert.equal(s.get(D)?.pending.length, 1);
  });
});

describe('members and receipts', () => {
  test('should take members from sync and follow membership events after it', () => {
    const s = new ChatState();
    s.setUser(ME);
    s.applySync(G, {
      kind: 'GROUP', title: 'Team', lastSeq: '1', events: [event(G, 1, ME, { groupCreated: { title: 'Team', members: [{ userId: ME, role: 'OWNER' }, { userId: BOB, role: 'MEMBER' }] } })],
      members: [{ userId: ME, role: 'OWNER' }, { userId: BOB, role: 'MEMBER', deliveredSeq: '1' }],
      profiles: [{ userId: BOB, username: 'bob', displayName: 'Bob' }],
    });
    const g = s.get(G);
    assert.ok(g);
    assert.deepEqual([...g.members.keys()], [ME, BOB]);
    assert.equal(g.members.get(BOB)?.deliveredSeq, 1, 'the snapshot is not replaced by the older GroupCreated');
    s.applyLive(event(G, 2, ME, { membersAdded: { members: [{ userId: CAROL, role: 'MEMBER' }] } }));
    s.applyLive(event(G, 3, ME, { roleChanged: { userId: BOB, role: 'OWNER' } }));
    s.applyLive(event(G, 4, ME, { groupRenamed: { title: 'Team 2' } }));
    assert.deepEqual([g.members.get(BOB)?.role, g.members.get(ME)?.role, g.role, g.title], ['OWNER', 'ADMIN', 'ADMIN', 'Team 2']);
    s.applyLive(event(G, 5, BOB, { memberRemoved: { userId: CAROL } }));
    s.applyLive(event(G, 6, ME, { memberLeft: { userId: ME } }));
    assert.deepEqual([...g.members.keys()], [BOB]);
    assert.equal(g.removed, true);
    assert.equal(s.profiles.get(BOB)?.displayName, 'Bob');
  });

  test('should only move receipt marks forward, and seen implies delivered', () => {
    const s = loadedDirect();
    s.applyReceipt({ conversationId: D, userId: BOB, deliveredSeq: '5' });
    s.applyReceipt({ conversationId: D, userId: BOB, deliveredSeq: '3', seenSeq: '2' });
    let bob = s.get(D)?.members.get(BOB);
    assert.deepEqual([bob?.deliveredSeq, bob?.seenSeq], [5, 2]);
    s.applyReceipt({ conversationId: D, userId: BOB, seenSeq: '7' });
    bob = s.get(D)?.members.get(BOB);
    assert.deepEqual([bob?.deliveredSeq, bob?.seenSeq], [7, 7]);
    s.applyReceipt({ conversationId: D, userId: ME, seenSeq: '4' });
    assert.deepEqual([s.get(D)?.myDeliveredSeq, s.get(D)?.mySeenSeq], [4, 4]);
  });
});

describe('unread and list', () => {
  test('should count messages from others after my seen mark, not deleted', () => {
    const s = loadedDirect();
    s.applyLive(posted(D, 1, BOB, 'a'));
    s.applyLive(posted(D, 2, ME, 'b'));
    s.applyLive(posted(D, 3, BOB, 'c'));
    s.applyLive(posted(D, 4, BOB, 'd'));
    assert.equal(s.unread(D), 3);
    s.applyLive(event(D, 5, BOB, { deleted: { targetSeq: '4' } }));
    assert.equal(s.unread(D), 2);
    s.setMyMarks(D, 'SEEN', 3);
    assert.equal(s.unread(D), 0);
  });

  test('should list the most recently active first and hide a direct chat never written to', () => {
    const s = new ChatState();
    s.setUser(ME);
    s.applyConversationList([
      { conversationId: 'g:old', kind: 'GROUP', title: 'Old', lastSeq: '3', lastActivityMs: '1000' },
      { conversationId: D, kind: 'DIRECT', lastSeq: '9', lastActivityMs: '5000', peer: { userId: BOB } },
    ]);
    s.markEmpty('d:100:300');
    assert.deepEqual(s.listedConversations().map((c) => c.id), [D, 'g:old']);
    s.addPending('d:100:300', { key: 'k', text: 'first!', nowMs: 9000 });
    assert.deepEqual(s.listedConversations().map((c) => c.id), ['d:100:300', D, 'g:old']);
    assert.deepEqual(s.directPeers().sort(), [BOB, CAROL]);
  });

  test('should show who is typing for 6 seconds unless refreshed or stopped', () => {
    const s = loadedDirect();
    s.applyTyping({ conversationId: D, userId: BOB, typing: true }, 0);
    assert.deepEqual(s.typingUsers(D, 5999), [BOB]);
    assert.deepEqual(s.typingUsers(D, 6000), []);
    s.applyTyping({ conversationId: D, userId: BOB, typing: true }, 10_000);
    s.applyTyping({ conversationId: D, userId: BOB, typing: false }, 11_000);
    assert.deepEqual(s.typingUsers(D, 11_001), []);
    s.applyTyping({ conversationId: D, userId: ME, typing: true }, 0);
    assert.deepEqual(s.typingUsers(D, 1), [], 'my own other devices are not shown');
  });
});
