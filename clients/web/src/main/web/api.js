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
 * A user as the caller may see them. `bio` and `avatarUrl` are "" when the user has none, when their profile setting
 * keeps them from the caller, or when the answer carried the card only (search results).
 * @typedef {{userId: string, username: string, displayName: string, bio?: string, avatarUrl?: string}} Profile
 * @typedef {'NONE'|'INVITATION_SENT'|'INVITATION_RECEIVED'|'CONTACT'|'BLOCKED'} ContactState
 * @typedef {{userId: string, state: ContactState, profile: Profile}} ContactUpdate
 * @typedef {{deviceId: string, deviceName: string, createdAtMs: number, lastActiveMs: number, address: string,
 *   current: boolean}} DeviceSession
 * @typedef {'EVERYONE'|'CONTACTS'|'NOBODY'} Audience
 * @typedef {{messages: Audience, lastSeen: Audience, profile: Audience}} Privacy
 * @typedef {{token: string, userId: string, deviceId: string, expiresAtMs: number, refreshToken: string,
 *   refreshExpiresAtMs: number, profile: Profile}} Session
 */

/**
 * @param {Record<string, any> | undefined} p proto3 JSON UserProfile
 * @returns {Profile}
 */
export function toProfile(p) {
  const userId = id(p?.userId);
  return {
    userId,
    username: str(p?.username),
    displayName: str(p?.displayName),
    bio: str(p?.bio),
    avatarUrl: avatarUrlOf(userId, p),
  };
}

/**
 * Where a user's avatar is served: `avatarUrl` when the server sends it; from `avatarVersion` otherwise (the same
 * versioned URL); "" for none.
 * @param {string} userId
 * @param {Record<string, any> | undefined} p proto3 JSON UserProfile
 * @returns {string}
 */
export function avatarUrlOf(userId, p) {
  const url = str(p?.avatarUrl);
  if (url) return url;
  const version = num(p?.avatarVersion);
  return version > 0 ? `/api/v1/users/${encodeURIComponent(userId)}/avatar?v=${version}` : '';
}

/** @param {unknown} value @returns {ContactState} */
function contactState(value) {
  return value === 'INVITATION_SENT' || value === 'INVITATION_RECEIVED' || value === 'CONTACT' || value === 'BLOCKED'
    ? value : 'NONE';
}

/**
 * @param {Record<string, any> | undefined} c proto3 JSON ContactUpdate
 * @returns {ContactUpdate}
 */
export function toContact(c) {
  const profile = toProfile(c?.profile);
  const userId = id(c?.userId);
  return { userId: userId === '0' ? profile.userId : userId, state: contactState(c?.state), profile };
}

/** @param {unknown} value @param {Audience} fallback @returns {Audience} */
function audience(value, fallback) {
  return value === 'EVERYONE' || value === 'CONTACTS' || value === 'NOBODY' ? value : fallback;
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
   * Users by username prefix or display name (the first page).
   * @param {string} query
   * @returns {Promise<Profile[]>}
   */
  async searchUsers(query) {
    return (await this.searchPage(query)).users;
  }

  /**
   * One page of a user search; pass the answer's `nextCursor` for the next ("" on the last page).
   * @param {string} query
   * @param {string} [cursor]
   * @param {number} [limit]
   * @returns {Promise<{users: Profile[], nextCursor: string}>}
   */
  async searchPage(query, cursor = '', limit = 20) {
    const params = new URLSearchParams({ query, limit: String(limit) });
    if (cursor) params.set('cursor', cursor);
    const result = await this.#call('GET', `/users?${params}`, undefined, true);
    return { users: list(result.users).map(toProfile), nextCursor: str(result.nextCursor) };
  }

  /**
   * Replaces my display name and bio; answers with the profile as stored.
   * @param {{displayName: string, bio: string}} update
   * @returns {Promise<Profile>}
   */
  async updateProfile({ displayName, bio }) {
    return toProfile(await this.#call('PUT', '/me/profile', { displayName, bio }, true));
  }

  /**
   * Uploads my avatar (the image's bytes as they are; the server checks the type by content and re-encodes it).
   * @param {Blob} image
   * @returns {Promise<Profile | null>} my profile when the server answers with it
   */
  async uploadAvatar(image) {
    const result = await this.#call('PUT', '/me/avatar', image, true);
    return result.userId ? toProfile(result) : null;
  }

  /** Removes my avatar. */
  async deleteAvatar() {
    await this.#call('DELETE', '/me/avatar', undefined, true);
  }

  /**
   * An avatar's image: its URL needs the bearer token, so the page cannot load it in an <img> directly.
   * @param {string} url an avatarUrl (a path under /api/v1)
   * @returns {Promise<Blob>}
   */
  async avatar(url) {
    const path = url.startsWith(this.base) ? url.slice(this.base.length) : url;
    return /** @type {Blob} */ (await this.#call('GET', path, undefined, true, 'blob'));
  }

  /** @returns {Promise<Privacy>} */
  async privacy() {
    return toPrivacy(await this.#call('GET', '/me/privacy', undefined, true));
  }

  /**
   * Changes some privacy settings; answers with all of them.
   * @param {Partial<Privacy>} change
   * @returns {Promise<Privacy>}
   */
  async setPrivacy(change) {
    return toPrivacy(await this.#call('PUT', '/me/privacy', change, true));
  }

  /**
   * My contacts and the invitations both ways.
   * @returns {Promise<ContactUpdate[]>}
   */
  async contacts() {
    const result = await this.#call('GET', '/me/contacts', undefined, true);
    return list(result.contacts).map(toContact);
  }

  /**
   * Invites a user, or accepts their invitation; answers with the link as I see it now.
   * @param {string} userId
   * @returns {Promise<ContactUpdate>}
   */
  async invite(userId) {
    return toContact(await this.#call('PUT', `/me/contacts/${encodeURIComponent(userId)}`, undefined, true));
  }

  /**
   * Removes a contact, cancels my invitation or declines theirs.
   * @param {string} userId
   */
  async unlink(userId) {
    await this.#call('DELETE', `/me/contacts/${encodeURIComponent(userId)}`, undefined, true);
  }

  /** @returns {Promise<Profile[]>} the users I blocked, oldest block first */
  async blocked() {
    const result = await this.#call('GET', '/me/blocked', undefined, true);
    return list(result.users).map(toProfile);
  }

  /** @param {string} userId */
  async block(userId) {
    await this.#call('PUT', `/me/blocked/${encodeURIComponent(userId)}`, undefined, true);
  }

  /** @param {string} userId */
  async unblock(userId) {
    await this.#call('DELETE', `/me/blocked/${encodeURIComponent(userId)}`, undefined, true);
  }

  /** @returns {Promise<DeviceSession[]>} my device sessions, most recently active first */
  async sessions() {
    const result = await this.#call('GET', '/auth/sessions', undefined, true);
    return list(result.devices).map((d) => ({
      deviceId: id(d.deviceId),
      deviceName: str(d.deviceName),
      createdAtMs: num(d.createdAtMs),
      lastActiveMs: num(d.lastActiveMs),
      address: str(d.address),
      current: d.current === true,
    }));
  }

  /**
   * Signs one of my devices out.
   * @param {string} deviceId
   */
  async revokeSession(deviceId) {
    await this.#call('DELETE', `/auth/sessions/${encodeURIComponent(deviceId)}`, undefined, true);
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
   * @param {'json'|'blob'} [as]
   * @returns {Promise<Record<string, any>>}
   */
  async #call(method, path, body, authenticated, as = 'json') {
    try {
      return await this.#once(method, path, body, authenticated, as);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401 || !authenticated) throw e;
      if (!(await this.refreshSession())) {
        this.onUnauthorized();
        throw e;
      }
      return this.#once(method, path, body, authenticated, as); // a second 401 is final
    }
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {unknown} body
   * @param {boolean} authenticated
   * @param {'json'|'blob'} as what the answer is: JSON (a Record) or bytes (a Blob)
   * @returns {Promise<Record<string, any>>}
   */
  async #once(method, path, body, authenticated, as) {
    const raw = typeof Blob !== 'undefined' && body instanceof Blob;
    /** @type {Record<string, string>} */
    const headers = { Accept: as === 'blob' ? 'image/*' : 'application/json' };
    if (raw) headers['Content-Type'] = /** @type {Blob} */ (body).type || 'application/octet-stream';
    else if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (authenticated) headers.Authorization = `Bearer ${this.token()}`;
    let response;
    try {
      response = await this.fetch(this.base + path, {
        method,
        headers,
        body: body === undefined ? undefined : raw ? /** @type {Blob} */ (body) : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, 'UNAVAILABLE', 'Cannot reach the server. Check your connection and try again.');
    }
    if (as === 'blob' && response.ok) return /** @type {any} */ (await response.blob());
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

/**
 * @param {Record<string, any>} p proto3 JSON PrivacySettings
 * @returns {Privacy}
 */
function toPrivacy(p) {
  return {
    messages: audience(p.messages, 'EVERYONE'),
    lastSeen: audience(p.lastSeen, 'EVERYONE'),
    profile: audience(p.profile, 'EVERYONE'),
  };
}
