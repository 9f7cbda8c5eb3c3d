import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ChatState } from '../../main/web/chat-state.js';
import { compareIds, directConversationId, directPeerId, newRequestId } from '../../main/web/lib/ids.js';
import { lastSeenText, previewText, systemText, typingText } from '../../main/web/lib/format.js';
import { id, num } from '../../main/web/lib/proto.js';
import { event } from './helpers.mjs';

describe('IDs', () => {
  test('should order direct conversation members as 64-bit numbers, not as strings or doubles', () => {
    assert.equal(directConversationId('9', '10'), 'd:9:10');
    assert.equal(directConversationId('10', '9'), 'd:9:10');
    // 2^53 + 1 and 2^53 are the same double; BigInt tells them apart.
    assert.equal(directConversationId('9007199254740993', '9007199254740992'), 'd:9007199254740992:9007199254740993');
    assert.equal(compareIds('9007199254740993', '9007199254740992'), 1);
    assert.equal(directPeerId('d:9:10', '10'), '9');
    assert.equal(directPeerId('g:1', '10'), '');
  });

  test('should make distinct request IDs within the protocol limit', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newRequestId()));
    assert.equal(ids.size, 1000);
    for (const r of ids) assert.ok(r.length <= 64);
  });

  test('should read absent proto3 JSON fields as defaults', () => {
    assert.equal(num(undefined), 0);
    assert.equal(num('42'), 42);
    assert.equal(id(undefined), '0');
    assert.equal(id('18446744073709551615'), '18446744073709551615');
  });
});

describe('text', () => {
  test('should describe system events', () => {
    const s = new ChatState();
    s.setUser('1');
    s.rememberProfiles([{ userId: '2', displayName: 'Bob' }, { userId: '3', username: 'carol' }]);
    const nameOf = (/** @type {string} */ u) => (u === '1' ? 'You' : s.profiles.get(u)?.displayName || s.profiles.get(u)?.username || `User ${u}`);
    const line = (/** @type {any} */ body, actor = '1') => {
      const st = new ChatState();
      st.setUser('1');
      st.applyLive(event('g:1', 1, actor, body)); // unknown conversation: not loaded, nothing held
      st.markEmpty('g:2');
      st.applyLive({ ...event('g:2', 1, actor, body), conversationId: 'g:2' });
      return systemText(st.timeline('g:2')[0], nameOf);
    };
    assert.equal(line({ groupCreated: { title: 'Team' } }), 'You created the group “Team”');
    assert.equal(line({ membersAdded: { members: [{ userId: '2' }, { userId: '3' }] } }), 'You added Bob and carol');
    assert.equal(line({ memberRemoved: { userId: '3' } }, '2'), 'Bob removed carol');
    assert.equal(line({ memberRemoved: { userId: '1' } }, '2'), 'Bob removed you');
    assert.equal(line({ membersAdded: { members: [{ userId: '1' }] } }, '2'), 'Bob added you');
    assert.equal(line({ memberLeft: { userId: '2' } }, '2'), 'Bob left');
    assert.equal(line({ roleChanged: { userId: '2', role: 'ADMIN' } }), 'You made Bob an admin');
    assert.equal(line({ roleChanged: { userId: '2', role: 'MEMBER' } }), 'You made Bob a member');
    assert.equal(line({ groupRenamed: { title: 'New' } }, '3'), 'carol renamed the group to “New”');
  });

  test('should write typing lines, previews and last seen', () => {
    assert.equal(typingText(['Alice']), 'Alice is typing…');
    assert.equal(typingText(['Alice', 'Bob']), 'Alice and Bob are typing…');
    assert.equal(typingText(['A', 'B', 'C']), '3 people are typing…');
    const nameOf = () => 'Bob';
    assert.equal(previewText({ text: 'hi\nthere', actor: '2', deleted: false, supported: true }, nameOf, '1', true), 'Bob: hi there');
    assert.equal(previewText({ text: 'x', actor: '1', deleted: false, supported: true }, nameOf, '1', false), 'You: x');
    assert.equal(previewText({ text: '', actor: '2', deleted: true, supported: true }, nameOf, '1', false), 'Message deleted');
    const now = new Date(2026, 5, 15, 12, 0).getTime();
    assert.equal(lastSeenText(0, now), '');
    assert.equal(lastSeenText(now - 20_000, now), 'last seen just now');
    assert.equal(lastSeenText(now - 5 * 60_000, now), 'last seen 5 min ago');
    assert.equal(lastSeenText(new Date(2026, 5, 15, 9, 5).getTime(), now), 'last seen today at 09:05');
    assert.equal(lastSeenText(new Date(2026, 5, 14, 22, 30).getTime(), now), 'last seen yesterday at 22:30');
  });
});
