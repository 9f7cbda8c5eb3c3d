import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Api, ApiError } from '../../main/web/api.js';
import { SessionStore } from '../../main/web/session-store.js';

/**
 * A fetch that answers from a list, recording what was asked.
 * @param {Array<{status: number, body?: any}>} answers
 */
function fakeFetch(answers) {
  /** @type {Array<{url: string, init: any}>} */
  const calls = [];
  const fetchImpl = async (/** @type {string} */ url, /** @type {any} */ init) => {
    calls.push({ url, init });
    const answer = answers.shift() ?? { status: 500 };
    return /** @type {any} */ ({
      ok: answer.status >= 200 && answer.status < 300,
      status: answer.status,
      text: async () => (answer.body === undefined ? '' : JSON.stringify(answer.body)),
    });
  };
  return { calls, fetchImpl: /** @type {any} */ (fetchImpl) };
}

class MemoryStorage {
  constructor() { /** @type {Map<string, string>} */ this.map = new Map(); }
  /** @param {string} k */ getItem(k) { return this.map.get(k) ?? null; }
  /** @param {string} k @param {string} v */ setItem(k, v) { this.map.set(k, v); }
  /** @param {string} k */ removeItem(k) { this.map.delete(k); }
}

const UNAUTHENTICATED = { status: 401, body: { code: 'UNAUTHENTICATED', message: 'expired' } };

describe('token refresh', () => {
  test('should retry a call once with the renewed token after a 401', async () => {
    let token = 'old';
    let unauthorized = 0;
    const { calls, fetchImpl } = fakeFetch([UNAUTHENTICATED, { status: 200, body: { userId: '5', username: 'ann' } }]);
    const api = new Api({
      token: () => token,
      onUnauthorized: () => { unauthorized += 1; },
      refreshSession: async () => { token = 'new'; return true; },
      fetchImpl,
    });

    const profile = await api.user('5');

    assert.equal(profile.username, 'ann');
    assert.deepEqual(calls.map((c) => c.init.headers.Authorization), ['Bearer old', 'Bearer new']);
    assert.equal(unauthorized, 0);
  });

  test('should sign out when the refresh fails, and not retry', async () => {
    let unauthorized = 0;
    const { calls, fetchImpl } = fakeFetch([UNAUTHENTICATED]);
    const api = new Api({ token: () => 't', onUnauthorized: () => { unauthorized += 1; },
      refreshSession: async () => false, fetchImpl });

    await assert.rejects(api.user('5'), (e) => e instanceof ApiError && e.status === 401);
    assert.equal(calls.length, 1);
    assert.equal(unauthorized, 1);
  });

  test('should send the refresh token without a bearer and read the rotated session', async () => {
    const { calls, fetchImpl } = fakeFetch([{ status: 200, body: { token: 'a2', userId: '1', deviceId: '2',
      expiresAtMs: '900', refreshToken: 'r2', refreshExpiresAtMs: '5000', profile: { userId: '1', username: 'ann' } } }]);
    const api = new Api({ token: () => 'a1', fetchImpl });

    const session = await api.refresh('r1');

    assert.equal(calls[0].url, '/api/v1/auth/refresh');
    assert.equal(calls[0].init.headers.Authorization, undefined);
    assert.deepEqual(JSON.parse(calls[0].init.body), { refreshToken: 'r1' });
    assert.equal(session.token, 'a2');
    assert.equal(session.refreshToken, 'r2');
    assert.equal(session.refreshExpiresAtMs, 5000);
  });

  test('should keep a saved session whose access token expired while its refresh token is good', () => {
    let now = 1000;
    const store = new SessionStore(/** @type {any} */ (new MemoryStorage()), () => now);
    store.save(/** @type {any} */ ({ token: 'a', userId: '1', deviceId: '2', expiresAtMs: 2000, refreshToken: 'r',
      refreshExpiresAtMs: 9000, profile: { userId: '1', username: 'ann', displayName: 'Ann' } }));

    now = 5000;
    assert.equal(store.load()?.token, 'a');
    now = 9000;
    assert.equal(store.load(), null);
  });
});

describe('hidden presence', () => {
  test('should show nothing for a user whose presence the server hides', async () => {
    const { ChatState } = await import('../../main/web/chat-state.js');
    const state = new ChatState();
    state.applyPresence({ userId: '7', status: 'ONLINE' });

    state.applyPresence({ userId: '7', status: 'HIDDEN' });

    assert.equal(state.presence.get('7'), undefined);
  });
});
