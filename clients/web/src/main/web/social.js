// What links me to other people: contacts, invitations both ways, and the people I blocked. The server keeps them
// (docs/protocol.md, "Contacts" and "Authorization") and pushes every change to all my devices as a `contact` push;
// this model applies those pushes and the answers of my own actions alike (each sets a state, so applying one twice
// is harmless), and reads the whole lists again after every (re)connect, since pushes are not kept while offline.
// No DOM: node tests it.

import { errorText } from './lib/errors.js';

/**
 * @typedef {import('./api.js').Api} Api
 * @typedef {import('./api.js').Profile} Profile
 * @typedef {import('./api.js').ContactState} ContactState
 * @typedef {import('./api.js').ContactUpdate} ContactUpdate
 * @typedef {{state: ContactState, profile: Profile}} Link
 */

/**
 * @param {Profile} a
 * @param {Profile} b
 */
function byName(a, b) {
  return (a.displayName || a.username).localeCompare(b.displayName || b.username)
    || a.username.localeCompare(b.username);
}

export class Social {
  /**
   * @param {object} options
   * @param {Api} options.api
   * @param {{rememberProfiles: (profiles: Profile[], full?: boolean) => void, profiles: Map<string, Profile>}} options.state
   *   where names are kept for the rest of the UI
   * @param {() => void} options.onChange
   * @param {(text: string) => void} options.report shows an error to the user
   */
  constructor({ api, state, onChange, report }) {
    this.api = api;
    this.state = state;
    this.onChange = onChange;
    this.report = report;
    /** @type {Map<string, Link>} contacts and invitations, by the other user's ID */
    this.links = new Map();
    /** @type {Map<string, Profile>} the people I blocked, in the order I blocked them */
    this.blocked = new Map();
    /** Whether the lists have been read since sign-in. */
    this.loaded = false;
    /** Counts changes, so that a list read that started before a change does not put back what it replaced. */
    this.version = 0;
    /** @type {Map<string, number>} the version of each user's latest change */
    this.changedAt = new Map();
    /** @type {Set<string>} users with an action of mine on its way (their buttons wait) */
    this.busy = new Set();
  }

  /**
   * Takes a contact push, or the answer to one of my actions.
   * @param {ContactUpdate} update
   */
  apply(update) {
    const userId = update.userId;
    if (!userId || userId === '0') return;
    this.changedAt.set(userId, ++this.version);
    if (update.profile.userId === userId) this.state.rememberProfiles([update.profile], true);
    this.#set(userId, update.state, update.profile);
    this.onChange();
  }

  /**
   * @param {string} userId
   * @param {ContactState} state
   * @param {Profile} profile
   */
  #set(userId, state, profile) {
    if (state === 'BLOCKED') {
      this.links.delete(userId); // a block ends any contact and invitation
      this.blocked.set(userId, profile);
    } else if (state === 'NONE') {
      this.links.delete(userId);
      this.blocked.delete(userId); // NONE about someone I blocked: I lifted the block
    } else {
      this.links.set(userId, { state, profile });
    }
  }

  /**
   * How I stand toward a user.
   * @param {string} userId
   * @returns {ContactState}
   */
  stateOf(userId) {
    if (this.blocked.has(userId)) return 'BLOCKED';
    return this.links.get(userId)?.state ?? 'NONE';
  }

  /** @param {string} userId */
  isBlocked(userId) {
    return this.blocked.has(userId);
  }

  /**
   * The people in one state, by name.
   * @param {'CONTACT'|'INVITATION_SENT'|'INVITATION_RECEIVED'} state
   * @returns {Profile[]}
   */
  people(state) {
    return [...this.links.values()].filter((l) => l.state === state).map((l) => this.#fresh(l.profile)).sort(byName);
  }

  /** @returns {Profile[]} the people I blocked, oldest block first */
  blockedPeople() {
    return [...this.blocked.values()].map((p) => this.#fresh(p));
  }

  /** @returns {string[]} my contacts' IDs, whose presence I may watch */
  contactIds() {
    return [...this.links].filter(([, l]) => l.state === 'CONTACT').map(([userId]) => userId);
  }

  /** How many invitations wait for my answer. */
  get invitationsWaiting() {
    let n = 0;
    for (const l of this.links.values()) if (l.state === 'INVITATION_RECEIVED') n += 1;
    return n;
  }

  /**
   * The newest profile known for a user (a name changed since the link was read).
   * @param {Profile} profile
   * @returns {Profile}
   */
  #fresh(profile) {
    return this.state.profiles.get(profile.userId) ?? profile;
  }

  /** Reads contacts, invitations and blocks from the server (after every connect: pushes missed offline). */
  async load() {
    const askedAt = this.version;
    let contacts;
    let blocked;
    try {
      [contacts, blocked] = await Promise.all([this.api.contacts(), this.api.blocked()]);
    } catch (e) {
      if (!this.loaded) this.report(errorText(e, 'contacts'));
      return;
    }
    const keep = (/** @type {string} */ userId) => (this.changedAt.get(userId) ?? 0) > askedAt;
    for (const userId of [...this.links.keys()]) if (!keep(userId)) this.links.delete(userId);
    for (const userId of [...this.blocked.keys()]) if (!keep(userId)) this.blocked.delete(userId);
    for (const c of contacts) if (!keep(c.userId)) this.#set(c.userId, c.state, c.profile);
    for (const p of blocked) if (!keep(p.userId)) this.#set(p.userId, 'BLOCKED', p);
    this.state.rememberProfiles(contacts.map((c) => c.profile), true);
    this.state.rememberProfiles(blocked);
    this.loaded = true;
    this.onChange();
  }

  /**
   * Invites a user, or accepts their invitation.
   * @param {string} userId
   * @returns {Promise<boolean>} whether the server took it
   */
  invite(userId) {
    return this.#act(userId, 'contacts', async () => this.apply(await this.api.invite(userId)));
  }

  /**
   * Removes a contact, cancels my invitation, or declines theirs.
   * @param {string} userId
   */
  unlink(userId) {
    return this.#act(userId, 'contacts', async () => {
      await this.api.unlink(userId);
      this.apply({ userId, state: 'NONE', profile: this.#profileOf(userId) });
    });
  }

  /** @param {string} userId */
  block(userId) {
    return this.#act(userId, 'block', async () => {
      await this.api.block(userId);
      this.apply({ userId, state: 'BLOCKED', profile: this.#profileOf(userId) });
    });
  }

  /** @param {string} userId */
  unblock(userId) {
    return this.#act(userId, 'block', async () => {
      await this.api.unblock(userId);
      this.apply({ userId, state: 'NONE', profile: this.#profileOf(userId) });
    });
  }

  /**
   * @param {string} userId
   * @returns {Profile}
   */
  #profileOf(userId) {
    return this.state.profiles.get(userId) ?? this.links.get(userId)?.profile ?? this.blocked.get(userId)
      ?? { userId, username: '', displayName: '' };
  }

  /**
   * @param {string} userId
   * @param {import('./lib/errors.js').Action} action
   * @param {() => Promise<void>} run
   * @returns {Promise<boolean>}
   */
  async #act(userId, action, run) {
    if (this.busy.has(userId)) return false;
    this.busy.add(userId);
    this.onChange();
    try {
      await run();
      return true;
    } catch (e) {
      this.report(errorText(e, action));
      return false;
    } finally {
      this.busy.delete(userId);
      this.onChange();
    }
  }
}
