// Contacts, invitations and blocks (social.js), the directory search page by page (user-search.js), avatar images
// fetched with the token (avatars.js), the REST calls behind them (api.js), and the controller's contact pushes.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { Api, ApiError, avatarUrlOf, toContact } from '../../main/web/api.js';
import { AvatarCache } from '../../main/web/avatars.js';
import { ChatState } from '../../main/web/chat-state.js';
import { ChatClient } from '../../main/web/client.js';
import { Social } from '../../main/web/social.js';
import { Connection } from '../../main/web/socket.js';
import { UserSearch, searchQuery } from '../../main/web/user-search.js';
import { avatarFileProblem } from '../../main/web/ui/profile-form.js';
import { lastActiveText } from '../../main/web/ui/settings-view.js';
import { FakeServer, FakeTimers, FakeWebSocket, settle } from './helpers.mjs';

/** @param {string} userId @param {string} name */
const card = (userId, name) => ({ userId, username: name.toLowerCase(), displayName: name });

/**
 * A Social over a scripted API.
 * @param {Record<string, any>} api
 */
function social(api = {}) {
  const state = new ChatState();
  state.setUser('1');
  /** @type {string[]} */
  const reports = [];
  let changes = 0;
  const model = new Social({ api: /** @type {any} */ (api), state, onChange: () => { changes += 1; }, report: (t) => reports.push(t) });
  return { model, state, reports, changes: () => changes };
}

describe('contacts and invitations', () => {
  test('should follow an invitation from sent to contact and back to nothing', () => {
    const { model } = social();
    model.apply({ userId: '2', state: 'INVITATION_SENT', profile: card('2', 'Bob') });
    assert.equal(model.stateOf('2'), 'INVITATION_SENT');
    assert.deepEqual(model.people('INVITATION_SENT').map((p) => p.userId), ['2']);

    model.apply({ userId: '2', state: 'CONTACT', profile: card('2', 'Bob') });
    assert.deepEqual(model.people('INVITATION_SENT'), []);
    assert.deepEqual(model.contactIds(), ['2']);

    model.apply({ userId: '2', state: 'NONE', profile: card('2', 'Bob') });
    assert.equal(model.stateOf('2'), 'NONE');
    assert.deepEqual(model.contactIds(), []);
  });

  test('should count invitations waiting for my answer and list people by name', () => {
    const { model } = social();
    model.apply({ userId: '3', state: 'INVITATION_RECEIVED', profile: card('3', 'Zoe') });
    model.apply({ userId: '4', state: 'INVITATION_RECEIVED', profile: card('4', 'Ann') });
    model.apply({ userId: '5', state: 'INVITATION_SENT', profile: card('5', 'Cy') });
    assert.equal(model.invitationsWaiting, 2);
    assert.deepEqual(model.people('INVITATION_RECEIVED').map((p) => p.displayName), ['Ann', 'Zoe']);
  });

  test('should end a contact when I block them and lift the block on NONE', () => {
    const { model } = social();
    model.apply({ userId: '2', state: 'CONTACT', profile: card('2', 'Bob') });
    model.apply({ userId: '2', state: 'BLOCKED', profile: card('2', 'Bob') });
    assert.equal(model.stateOf('2'), 'BLOCKED');
    assert.ok(model.isBlocked('2'));
    assert.deepEqual(model.contactIds(), [], 'a block ends the contact');
    assert.deepEqual(model.blockedPeople().map((p) => p.userId), ['2']);

    model.apply({ userId: '2', state: 'NONE', profile: card('2', 'Bob') });
    assert.equal(model.isBlocked('2'), false);
    assert.deepEqual(model.blockedPeople(), []);
  });

  test('should show the newest name known for a person in the lists', () => {
    const { model, state } = social();
    model.apply({ userId: '2', state: 'CONTACT', profile: card('2', 'Bob') });
    state.rememberProfiles([card('2', 'Robert')], true);
    assert.equal(model.people('CONTACT')[0].displayName, 'Robert');
  });

  test('should read the lists on load but keep a change pushed while the read was on its way', async () => {
    /** @type {(v: any) => void} */
    let answerContacts = () => {};
    const api = {
      contacts: () => new Promise((resolve) => { answerContacts = resolve; }),
      blocked: async () => [card('9', 'Mallory')],
    };
    const { model } = social(api);
    model.apply({ userId: '7', state: 'CONTACT', profile: card('7', 'Gone') }); // before the read: replaced by it
    const loading = model.load();
    model.apply({ userId: '2', state: 'CONTACT', profile: card('2', 'Bob') }); // pushed meanwhile: kept
    answerContacts([
      { userId: '2', state: 'INVITATION_RECEIVED', profile: card('2', 'Bob') },
      { userId: '3', state: 'INVITATION_SENT', profile: card('3', 'Cy') },
    ]);
    await loading;
    assert.ok(model.loaded);
    assert.equal(model.stateOf('2'), 'CONTACT');
    assert.equal(model.stateOf('3'), 'INVITATION_SENT');
    assert.equal(model.stateOf('7'), 'NONE');
    assert.equal(model.stateOf('9'), 'BLOCKED');
  });

  test('should apply the answers of my actions and keep a person busy while one is on its way', async () => {
    /** @type {string[]} */
    const calls = [];
    const api = {
      invite: async (/** @type {string} */ id) => { calls.push(`invite ${id}`); return { userId: id, state: 'INVITATION_SENT', profile: card(id, 'Bob') }; },
      unlink: async (/** @type {string} */ id) => { calls.push(`unlink ${id}`); },
      block: async (/** @type {string} */ id) => { calls.push(`block ${id}`); },
      unblock: async (/** @type {string} */ id) => { calls.push(`unblock ${id}`); },
    };
    const { model } = social(api);
    const invited = model.invite('2');
    assert.ok(model.busy.has('2'));
    assert.equal(await model.invite('2'), false, 'a second press while the first is on its way does nothing');
    assert.equal(await invited, true);
    assert.equal(model.busy.has('2'), false);
    assert.equal(model.stateOf('2'), 'INVITATION_SENT');
    await model.block('2');
    assert.equal(model.stateOf('2'), 'BLOCKED');
    assert.equal(model.blockedPeople()[0].displayName, 'Bob', 'the profile known is kept for the blocked list');
    await model.unblock('2');
    assert.equal(model.stateOf('2'), 'NONE');
    assert.deepEqual(calls, ['invite 2', 'block 2', 'unblock 2']);
  });

  test('should report a refusal in product words and change nothing', async () => {
    const api = { invite: async () => { throw new ApiError(403, 'PRIVACY_RESTRICTED', 'you blocked user 2'); } };
    const { model, reports } = social(api);
    assert.equal(await model.invite('2'), false);
    assert.equal(model.stateOf('2'), 'NONE');
    assert.deepEqual(reports, ['You blocked this person. Unblock them first.']);
  });
});

describe('user search', () => {
  /**
   * @param {(query: string, cursor: string) => Promise<any>} search
   */
  function searcher(search) {
    const timers = new FakeTimers();
    let changes = 0;
    const s = new UserSearch({ search, onChange: () => { changes += 1; }, timers, debounceMs: 250 });
    return { s, timers, changes: () => changes };
  }

  test('should read a query as the server does', () => {
    assert.equal(searchQuery('  @Ann   Lee '), 'Ann Lee');
  });

  test('should not send a query under the minimum and say why', async () => {
    /** @type {string[]} */
    const asked = [];
    const { s, timers } = searcher(async (q) => { asked.push(q); return { users: [], nextCursor: '' }; });
    s.setQuery('an');
    await timers.advance(1000);
    assert.equal(s.status, 'short');
    assert.deepEqual(asked, []);
  });

  test('should wait for typing to pause, then drop the answers to older queries', async () => {
    /** @type {Array<{q: string, resolve: (v: any) => void}>} */
    const pending = [];
    const { s, timers } = searcher((q) => new Promise((resolve) => pending.push({ q, resolve })));
    s.setQuery('ann');
    await timers.advance(100);
    s.setQuery('anna');
    await timers.advance(250);
    assert.deepEqual(pending.map((p) => p.q), ['anna'], 'only the query typing paused on is sent');
    s.setQuery('annab');
    await timers.advance(250);
    pending[1].resolve({ users: [card('3', 'Annabel')], nextCursor: '' });
    pending[0].resolve({ users: [card('2', 'Anna')], nextCursor: '' }); // late answer to an older query
    await settle();
    assert.equal(s.status, 'done');
    assert.deepEqual(s.users.map((u) => u.userId), ['3']);
  });

  test('should append the next page with the cursor and stop on the last page', async () => {
    /** @type {string[]} */
    const cursors = [];
    const pages = {
      '': { users: [card('2', 'Ann'), card('3', 'Anna')], nextCursor: 'c1' },
      c1: { users: [card('3', 'Anna'), card('4', 'Annie')], nextCursor: '' },
    };
    const { s, timers } = searcher(async (_q, cursor) => { cursors.push(cursor); return pages[/** @type {'' | 'c1'} */ (cursor)]; });
    s.setQuery('ann');
    await timers.advance(250);
    assert.equal(s.nextCursor, 'c1');
    s.more();
    await settle();
    assert.deepEqual(cursors, ['', 'c1']);
    assert.deepEqual(s.users.map((u) => u.userId), ['2', '3', '4'], 'no one twice');
    assert.equal(s.nextCursor, '');
    s.more();
    await settle();
    assert.deepEqual(cursors, ['', 'c1'], 'no page after the last');
  });

  test('should show the server refusing a short query and its rate limit in product words', async () => {
    let refusal = new ApiError(400, 'INVALID_ARGUMENT', 'query: 2 characters (expected: 3..64)');
    const { s, timers } = searcher(async () => { throw refusal; });
    s.setQuery('abc');
    await timers.advance(250);
    assert.equal(s.status, 'failed');
    assert.equal(s.error, 'Type 3 to 64 characters of a name or username.');

    refusal = new ApiError(429, 'RATE_LIMITED', 'too many searches; retry in 12 s');
    s.setQuery('abcd');
    await timers.advance(250);
    assert.equal(s.error, 'Too many searches in a short time. Wait a minute, then search again.');
  });

  test('should keep the results shown when a next page fails', async () => {
    let calls = 0;
    const { s, timers } = searcher(async () => {
      calls += 1;
      if (calls === 1) return { users: [card('2', 'Ann')], nextCursor: 'c1' };
      throw new ApiError(429, 'RATE_LIMITED', 'slow down');
    });
    s.setQuery('ann');
    await timers.advance(250);
    s.more();
    await settle();
    assert.equal(s.status, 'done');
    assert.equal(s.users.length, 1);
    assert.match(s.error, /Too many searches/);
  });
});

describe('avatars', () => {
  test('should fetch each avatar URL once and show initials until it arrives', async () => {
    /** @type {string[]} */
    const loads = [];
    let changes = 0;
    const cache = new AvatarCache({
      load: async (url) => { loads.push(url); return /** @type {any} */ ({ url }); },
      onChange: () => { changes += 1; },
      createUrl: (blob) => `blob:${/** @type {any} */ (blob).url}`,
      revokeUrl: () => {},
    });
    assert.equal(cache.src('/api/v1/users/2/avatar?v=1'), '');
    assert.equal(cache.src('/api/v1/users/2/avatar?v=1'), '');
    await settle();
    assert.equal(cache.src('/api/v1/users/2/avatar?v=1'), 'blob:/api/v1/users/2/avatar?v=1');
    assert.equal(cache.src(''), '', 'no avatar: initials');
    assert.deepEqual(loads, ['/api/v1/users/2/avatar?v=1']);
    assert.equal(changes, 1);
  });

  test('should not ask again for an avatar that failed, and release the oldest beyond the limit', async () => {
    /** @type {string[]} */
    const revoked = [];
    let fail = true;
    const cache = new AvatarCache({
      load: async (url) => { if (fail) throw new Error('404'); return /** @type {any} */ ({ url }); },
      onChange: () => {},
      createUrl: (blob) => `blob:${/** @type {any} */ (blob).url}`,
      revokeUrl: (u) => revoked.push(u),
      max: 2,
    });
    cache.src('a');
    await settle();
    assert.equal(cache.src('a'), '');
    fail = false;
    cache.src('b');
    cache.src('c');
    await settle();
    cache.src('d');
    await settle();
    assert.deepEqual(revoked, ['blob:b']);
    cache.clear();
    assert.deepEqual(revoked, ['blob:b', 'blob:c', 'blob:d']);
  });

  test('should take avatarUrl as sent, else build it from avatarVersion', () => {
    assert.equal(avatarUrlOf('2', { avatarUrl: '/api/v1/users/2/avatar?v=3' }), '/api/v1/users/2/avatar?v=3');
    assert.equal(avatarUrlOf('2', { avatarVersion: '4' }), '/api/v1/users/2/avatar?v=4');
    assert.equal(avatarUrlOf('2', {}), '');
  });

  test('should keep a known avatar when a card without one comes, but not when the whole profile says none', () => {
    const state = new ChatState();
    state.rememberProfiles([{ userId: '2', username: 'bob', displayName: 'Bob', bio: 'hi', avatarUrl: '/a?v=1' }], true);
    state.rememberProfiles([{ userId: '2', username: 'bob', displayName: 'Bobby' }]);
    assert.deepEqual(state.profiles.get('2'), { userId: '2', username: 'bob', displayName: 'Bobby', bio: 'hi', avatarUrl: '/a?v=1' });
    state.rememberProfiles([{ userId: '2', username: 'bob', displayName: 'Bobby' }], true);
    assert.equal(state.profiles.get('2')?.avatarUrl, '');
  });

  test('should word the server refusing a picture', async () => {
    const { errorText } = await import('../../main/web/lib/errors.js');
    assert.equal(errorText({ code: 'INVALID_IMAGE' }, 'avatar'),
      'That file is not a picture Cellchat can use. Choose a JPEG, PNG, GIF or WebP image.');
    assert.equal(errorText({ code: 'FRAME_TOO_LARGE' }, 'avatar'), 'That picture is too big. Choose one under 2 MB.');
  });

  test('should refuse a file that is not an image or over 2 MiB before sending it', () => {
    assert.match(avatarFileProblem({ size: 10, type: 'application/pdf' }), /not a picture/);
    assert.match(avatarFileProblem({ size: 2 * 1024 * 1024 + 1, type: 'image/png' }), /too big/);
    assert.equal(avatarFileProblem({ size: 2 * 1024 * 1024, type: 'image/png' }), '');
  });
});

describe('REST calls', () => {
  /** @param {Array<{status: number, body?: any, blob?: any}>} answers */
  function api(answers) {
    /** @type {Array<{url: string, init: any}>} */
    const calls = [];
    const fetchImpl = async (/** @type {string} */ url, /** @type {any} */ init) => {
      calls.push({ url, init });
      const a = answers.shift() ?? { status: 500 };
      return /** @type {any} */ ({
        ok: a.status < 300, status: a.status,
        text: async () => (a.body === undefined ? '' : JSON.stringify(a.body)),
        blob: async () => a.blob,
      });
    };
    return { calls, client: new Api({ token: () => 'tok', fetchImpl: /** @type {any} */ (fetchImpl) }) };
  }

  test('should page a search with the cursor', async () => {
    const { calls, client } = api([{ status: 200, body: { users: [card('2', 'Ann')], nextCursor: 'xyz' } }]);
    const page = await client.searchPage('ann lee', 'abc');
    assert.equal(calls[0].url, '/api/v1/users?query=ann+lee&limit=20&cursor=abc');
    assert.equal(page.nextCursor, 'xyz');
    assert.equal(page.users[0].username, 'ann');
  });

  test('should send the avatar as raw bytes and fetch one with the token as a blob', async () => {
    const image = new Blob([new Uint8Array([0x89, 0x50])], { type: 'image/png' });
    const { calls, client } = api([{ status: 200, body: {} }, { status: 200, blob: 'the-bytes' }]);
    await client.uploadAvatar(image);
    assert.equal(calls[0].init.method, 'PUT');
    assert.equal(calls[0].url, '/api/v1/me/avatar');
    assert.equal(calls[0].init.body, image);
    assert.equal(calls[0].init.headers['Content-Type'], 'image/png');
    assert.equal(await client.avatar('/api/v1/users/2/avatar?v=3'), 'the-bytes');
    assert.equal(calls[1].url, '/api/v1/users/2/avatar?v=3');
    assert.equal(calls[1].init.headers.Authorization, 'Bearer tok');
  });

  test('should read contacts, sessions and privacy, defaulting what proto3 JSON leaves out', async () => {
    const { calls, client } = api([
      { status: 200, body: { contacts: [{ userId: '2', state: 'CONTACT', profile: card('2', 'Bob') }] } },
      { status: 200, body: { devices: [{ deviceId: '7', deviceName: 'Chrome on Linux', lastActiveMs: '5', address: '127.0.0.1', current: true }, { deviceId: '8' }] } },
      { status: 200, body: { lastSeen: 'NOBODY' } },
      { status: 204 },
    ]);
    assert.deepEqual((await client.contacts())[0].state, 'CONTACT');
    const devices = await client.sessions();
    assert.deepEqual(devices.map((d) => [d.deviceId, d.current, d.lastActiveMs]), [['7', true, 5], ['8', false, 0]]);
    assert.deepEqual(await client.privacy(), { messages: 'EVERYONE', lastSeen: 'NOBODY', profile: 'EVERYONE' });
    await client.revokeSession('8');
    assert.deepEqual(calls.map((c) => `${c.init.method} ${c.url}`), [
      'GET /api/v1/me/contacts', 'GET /api/v1/auth/sessions', 'GET /api/v1/me/privacy', 'DELETE /api/v1/auth/sessions/8',
    ]);
  });

  test('should read an unknown contact state as none', () => {
    assert.equal(toContact({ userId: '2', state: 'SOMETHING_NEW' }).state, 'NONE');
  });

  test('should say when a device was last active', () => {
    assert.equal(lastActiveText(1_000_000, 1_060_000), 'Active now');
    assert.match(lastActiveText(1_000_000, 1_000_000 + 3_600_000), /^Last active \d\d:\d\d$/);
  });
});

describe('contact pushes in the controller', () => {
  beforeEach(() => FakeWebSocket.reset());

  test('should read the whole profile (avatar) of a direct chat\'s peer once, though the list carries a card', async () => {
    const timers = new FakeTimers();
    /** @type {string[]} */
    const asked = [];
    const api = /** @type {any} */ ({
      user: async (/** @type {string} */ id) => {
        asked.push(id);
        return { userId: id, username: `u${id}`, displayName: `U${id}`, avatarUrl: `/api/v1/users/${id}/avatar?v=2` };
      },
      contacts: async () => [], blocked: async () => [], avatar: async () => new Blob(['x']),
    });
    const client = new ChatClient({
      session: { token: 't', userId: '100', deviceId: '1', expiresAtMs: 0, refreshToken: '', refreshExpiresAtMs: 0,
        profile: { userId: '100', username: 'me', displayName: 'Me' } },
      api, timers, now: timers.now, wsUrl: 'ws://test/ws/v1', isVisible: () => true,
      connect: (options) => new Connection({ ...options, WebSocketImpl: FakeWebSocket, random: () => 0 }),
    });
    const server = new FakeServer('100');
    server.create('d:100:200', 'DIRECT', ['100', '200']);
    server.post('d:100:200', '200', 'hi');
    client.start();
    server.attach(FakeWebSocket.last);
    FakeWebSocket.last.welcome('100');
    await timers.advance(0);
    assert.equal(client.state.profiles.get('200')?.avatarUrl, '/api/v1/users/200/avatar?v=2');
    FakeWebSocket.last.welcome('100'); // a reconnect lists again: no second read
    await timers.advance(0);
    assert.deepEqual(asked.filter((u) => u === '200'), ['200']);
    client.stop();
  });

  test('should show an invitation pushed live and watch a new contact\'s presence', async () => {
    const timers = new FakeTimers();
    const api = /** @type {any} */ ({
      user: async (/** @type {string} */ id) => ({ userId: id, username: `u${id}`, displayName: `U${id}` }),
      contacts: async () => [], blocked: async () => [],
    });
    const client = new ChatClient({
      session: { token: 't', userId: '100', deviceId: '1', expiresAtMs: 0, refreshToken: '', refreshExpiresAtMs: 0,
        profile: { userId: '100', username: 'me', displayName: 'Me' } },
      api, timers, now: timers.now, wsUrl: 'ws://test/ws/v1', isVisible: () => true,
      connect: (options) => new Connection({ ...options, WebSocketImpl: FakeWebSocket, random: () => 0 }),
    });
    const server = new FakeServer('100');
    client.start();
    server.attach(FakeWebSocket.last);
    FakeWebSocket.last.welcome('100');
    await timers.advance(0);

    FakeWebSocket.last.serverSend({ contact: { userId: '200', state: 'INVITATION_RECEIVED', profile: card('200', 'Bob') } });
    await settle();
    assert.equal(client.social.invitationsWaiting, 1);
    assert.equal(client.state.profiles.get('200')?.displayName, 'Bob');

    FakeWebSocket.last.serverSend({ contact: { userId: '200', state: 'CONTACT', profile: card('200', 'Bob') } });
    await settle();
    const watches = FakeWebSocket.last.sentOf('watchPresence');
    assert.deepEqual(watches.at(-1)?.watchPresence.userIds, ['200']);
    client.stop();
  });
});
