// The REST API under /api/v1 (canonical proto3 JSON). Errors come back as ApiError {code, message}; the message is
// written for people and is what the UI shows.

import { id, list, num, str } from './lib/proto.js';

/** A failed REST call. `status` is the HTTP status (0 when the server could not be reached). */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code ErrorCode name
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

/**
 * @typedef {{userId: string, username: string, displayName: string}} Profile
 * @typedef {{token: string, userId: string, deviceId: string, expiresAtMs: number, refreshToken: string,
 *   refreshExpiresAtMs: number, profile: Profile}} Session
 */

/**
 * @param {Record<string, any> | undefined} p proto3 JSON UserProfile
 * @returns {Profile}
 */
export function toProfile(p) {
  return { userId: id(p?.userId), username: str(p?.username), displayName: str(p?.displayName) };
}

/**
 * @param {Record<string, any>} s proto3 JSON Session
 * @returns {Session}
 */
function toSession(s) {
  return {
    token: str(s.token),
    userId: id(s.userId),
    deviceId: id(s.deviceId),
    expiresAtMs: num(s.expiresAtMs),
    refreshToken: str(s.refreshToken),
    refreshExpiresAtMs: num(s.refreshExpiresAtMs),
    profile: toProfile(s.profile),
  };
}

export class Api {
  /**
   * @param {object} options
   * @param {() => string} options.token the current bearer token, "" when signed out
   * @param {() => void} [options.onUnauthorized] called on a 401 of an authenticated call that a refresh did not cure
   * @param {() => Promise<boolean>} [options.refreshSession] renews the access token (true when it did); a 401 is
   *   retried once after it
   * @param {typeof fetch} [options.fetchImpl]
   * @param {string} [options.base]
   */
  constructor({ token, onUnauthorized, refreshSession, fetchImpl, base = '/api/v1' }) {
    this.token = token;
    this.onUnauthorized = onUnauthorized ?? (() => {});
    this.refreshSession = refreshSession ?? (async () => false);
    this.fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
    this.base = base;
  }

  /**
   * @param {{username: string, password: string, displayName?: string}} request
   * @returns {Promise<Session>}
   */
  async register({ username, password, displayName }) {
    const body = { username, password, ...(displayName ? { displayName } : {}) };
    return toSession(await this.#call('POST', '/auth/register', body, false));
  }

  /**
   * @param {{username: string, password: string, deviceName?: string}} request
   * @returns {Promise<Session>}
   */
  async login({ username, password, deviceName }) {
    const body = { username, password, ...(deviceName ? { deviceName } : {}) };
    return toSession(await this.#call('POST', '/auth/login', body, false));
  }

  /**
   * Trades a refresh token for a new session (both tokens rotate; the old refresh token is then spent for good).
   * @param {string} refreshToken
   * @returns {Promise<Session>}
   */
  async refresh(refreshToken) {
    return toSession(await this.#call('POST', '/auth/refresh', { refreshToken }, false));
  }

  /** Ends this device's session on the server. */
  async logout() {
    await this.#call('POST', '/auth/logout', undefined, true);
  }

  /**
   * Users by username prefix or display name.
   * @param {string} query
   * @returns {Promise<Profile[]>}
   */
  async searchUsers(query) {
    const result = await this.#call('GET', `/users?query=${encodeURIComponent(query)}`, undefined, true);
    return list(result.users).map(toProfile);
  }

  /**
   * @param {string} userId
   * @returns {Promise<Profile>}
   */
  async user(userId) {
    return toProfile(await this.#call('GET', `/users/${encodeURIComponent(userId)}`, undefined, true));
  }

  /**
   * Where to open the WebSocket (GET /api/v1/connect): in a distributed cell the gateway names the messaging server
   * that owns this user's partition. Resolves to null when the server has no such endpoint (404: `cellchat dev`,
   * where the socket is on the page's own host); rejects with ApiError on any other failure (503 while no server
   * claims the partition: retry later).
   * @returns {Promise<string | null>} the WebSocket URL
   */
  async connectUrl() {
    try {
      return str((await this.#call('GET', '/connect', undefined, true)).url) || null;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} body
   * @param {boolean} authenticated
   * @returns {Promise<Record<string, any>>}
   */
  async #call(method, path, body, authenticated) {
    try {
      return await this.#once(method, path, body, authenticated);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401 || !authenticated) throw e;
      if (!(await this.refreshSession())) {
        this.onUnauthorized();
        throw e;
      }
      return this.#once(method, path, body, authenticated); // a second 401 is final
    }
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} body
   * @param {boolean} authenticated
   * @returns {Promise<Record<string, any>>}
   */
  async #once(method, path, body, authenticated) {
    /** @type {Record<string, string>} */
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (authenticated) headers.Authorization = `Bearer ${this.token()}`;
    let response;
    try {
      response = await this.fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'UNAVAILABLE', 'Cannot reach the server. Check your connection and try again.');
    }
    const text = await response.text();
    /** @type {Record<string, any>} */
    let json = {};
    if (text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = {};
      }
    }
    if (!response.ok) {
      const message = str(json.message) || `The server answered ${response.status}.`;
      throw new ApiError(response.status, str(json.code) || 'ERROR_CODE_UNSPECIFIED', message);
    }
    return json;
  }
}
