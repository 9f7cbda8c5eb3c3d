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
 * @typedef {{token: string, userId: string, deviceId: string, expiresAtMs: number, profile: Profile}} Session
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
    profile: toProfile(s.profile),
  };
}

export class Api {
  /**
   * @param {object} options
   * @param {() => string} options.token the current bearer token, "" when signed out
   * @param {() => void} [options.onUnauthorized] called on any 401 of an authenticated call
   * @param {typeof fetch} [options.fetchImpl]
   * @param {string} [options.base]
   */
  constructor({ token, onUnauthorized, fetchImpl, base = '/api/v1' }) {
    this.token = token;
    this.onUnauthorized = onUnauthorized ?? (() => {});
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
      if (response.status === 401 && authenticated) this.onUnauthorized();
      const message = str(json.message) || `The server answered ${response.status}.`;
      throw new ApiError(response.status, str(json.code) || 'ERROR_CODE_UNSPECIFIED', message);
    }
    return json;
  }
}
