import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChatState } from '../../main/web/chat-state.js';
import { messageStatus, receiptFloor, receiptsDue, receiptsOf } from '../../main/web/receipts.js';
import { posted } from './helpers.mjs';

const ME = '100';
const BOB = '200';
const CAROL = '300';
const D = 'd:100:200';
const G = 'g:7';

/** @param {ChatState} s @param {string} id */
function conv(s, id) {
  const c = s.get(id);
  assert.ok(c);
  return c;
}

describe('marks on my messages in a direct conversation', () => {
  test('should go from sent to delivered to seen as the peer moves its marks', () => {
    const s = new ChatState();
    s.setUser(ME);
    s.markEmpty(D);
    s.applyLive(posted(D, 1, ME, 'a'));
    s.applyLive(posted(D, 2, ME, 'b'));
    const status = (/** @type {number} */ seq) => messageStatus(seq, receiptFloor(conv(s, D), ME));
    assert.deepEqual([status(1), status(2)], ['sent', 'sent'], 'no receipt heard yet');
    s.applyReceipt({ conversationId: D, userId: BOB, deliveredSeq: '2' });
    assert.deepEqual([status(1), status(2)], ['delivered', 'delivered']);
    s.applyReceipt({ conversationId: D, userId: BOB, deliveredSeq: '2', seenSeq: '1' });
    assert.deepEqual([status(1), status(2)], ['seen', 'delivered']);
  });

  test('should show pending and failed until the server has the message', () => {
    const floor = { others: 1, delivered: 10, seen: 10 };
    assert.equal(messageStatus(0, floor, 'pending'), 'pending');
    assert.equal(messageStatus(0, floor, 'failed'), 'failed');
    assert.equal(messageStatus(4, floor, 'sent'), 'seen', 'an accepted message already read by the peer');
  });
});

describe('marks on my messages in a group', () => {
  test('should be delivered or seen only when every other member is', () => {
    const s = new ChatState();
    s.setUser(ME);
    s.applySync(G, {
      kind: 'GROUP', title: 'G', lastSeq: '3', events: [posted(G, 1, ME, 'a'), posted(G, 2, ME, 'b'), posted(G, 3, ME, 'c')],
      members: [
        { userId: ME, role: 'OWNER', seenSeq: '3' },
        { userId: BOB, role: 'MEMBER', deliveredSeq: '3', seenSeq: '2' },
        { userId: CAROL, role: 'MEMBER', deliveredSeq: '1' },
      ],
    });
    const status = (/** @type {number} */ seq) => messageStatus(seq, receiptFloor(conv(s, G), ME));
    assert.deepEqual([1, 2, 3].map(status), ['delivered', 'sent', 'sent']);
    s.applyReceipt({ conversationId: G, userId: CAROL, deliveredSeq: '3', seenSeq: '2' });
    assert.deepEqual([1, 2, 3].map(status), ['seen', 'seen', 'delivered']);
    assert.deepEqual(receiptsOf(conv(s, G), 3, ME), { seen: [], delivered: [BOB, CAROL] });
    assert.deepEqual(receiptsOf(conv(s, G), 2, ME), { seen: [BOB, CAROL], delivered: [] });
  });

  test('should stay sent in a group with nobody else in it', () => {
    const s = new ChatState();
    s.setUser(ME);
    s.applySync(G, { kind: 'GROUP', lastSeq: '1', events: [posted(G, 1, ME, 'alone')], members: [{ userId: ME, role: 'OWNER' }] });
    assert.equal(messageStatus(1, receiptFloor(conv(s, G), ME)), 'sent');
  });
});

describe('receipts this device sends', () => {
  test('should send DELIVERED up to high once it holds events from others, SEEN when on screen', () => {
    const s = new ChatState();
    s.setUser(ME);
    s.markEmpty(D);
    s.applyLive(posted(D, 1, ME, 'mine only'));
    assert.deepEqual(receiptsDue(conv(s, D), ME, true), [], 'nothing from others yet');
    s.applyLive(posted(D, 2, BOB, 'hi'));
    s.applyLive(posted(D, 3, ME, 'hey'));
    assert.deepEqual(receiptsDue(conv(s, D), ME, false), [{ kind: 'DELIVERED', upToSeq: 3 }]);
    assert.deepEqual(receiptsDue(conv(s, D), ME, true), [{ kind: 'SEEN', upToSeq: 3 }]);
    s.setMyMarks(D, 'DELIVERED', 3);
    assert.deepEqual(receiptsDue(conv(s, D), ME, false), []);
    s.setMyMarks(D, 'SEEN', 3);
    assert.deepEqual(receiptsDue(conv(s, D), ME, true), []);
    s.setMyMarks(D, 'SEEN', 1);
    assert.equal(conv(s, D).mySeenSeq, 3, 'marks never go back');
  });
});
