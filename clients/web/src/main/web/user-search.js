// Searching the user directory page by page, as the person types: the request waits until typing pauses, answers to
// an older query are dropped, and "more" appends the next page with the server's cursor. Queries shorter than the
// server's minimum are not sent (the server refuses them so that nobody can list the directory by walking
// prefixes); the server's own refusals (that minimum, its rate limit) are shown in product wording. No DOM.

import { errorText } from './lib/errors.js';

/** Shortest query the server searches for (docs/protocol.md, GET /api/v1/users). */
export const MIN_SEARCH = 3;
/** Longest query the server searches for. */
export const MAX_SEARCH = 64;

/**
 * @typedef {import('./api.js').Profile} Profile
 * @typedef {'idle'|'short'|'loading'|'done'|'failed'} SearchStatus
 */

/**
 * A query as the server reads it: outer spaces dropped, inner runs of spaces as one, a leading @ ignored.
 * @param {string} text
 */
export function searchQuery(text) {
  return text.trim().replace(/^@/, '').replace(/\s+/g, ' ');
}

export class UserSearch {
  /**
   * @param {object} options
   * @param {(query: string, cursor: string) => Promise<{users: Profile[], nextCursor: string}>} options.search
   * @param {() => void} options.onChange
   * @param {{setTimeout: Function, clearTimeout: Function}} [options.timers]
   * @param {number} [options.debounceMs]
   */
  constructor({ search, onChange, timers = globalThis, debounceMs = 250 }) {
    this.search = search;
    this.onChange = onChange;
    this.timers = timers;
    this.debounceMs = debounceMs;
    this.query = '';
    /** @type {Profile[]} */
    this.users = [];
    this.nextCursor = '';
    /** @type {SearchStatus} */
    this.status = 'idle';
    /** What went wrong, in product wording ("" when nothing did). */
    this.error = '';
    /** Whether a next page is on its way. */
    this.loadingMore = false;
    this.generation = 0;
    this.timer = null;
  }

  /**
   * The search box changed.
   * @param {string} text
   */
  setQuery(text) {
    const query = searchQuery(text);
    if (query === this.query && this.status !== 'idle') return;
    this.query = query;
    this.generation += 1;
    this.timers.clearTimeout(this.timer);
    this.users = [];
    this.nextCursor = '';
    this.error = '';
    this.loadingMore = false;
    if (query === '') this.status = 'idle';
    else if ([...query].length < MIN_SEARCH) this.status = 'short';
    else {
      this.status = 'loading';
      const generation = this.generation;
      this.timer = this.timers.setTimeout(() => void this.#page(generation, ''), this.debounceMs);
    }
    this.onChange();
  }

  /** Searches now (Enter), without waiting for typing to pause. */
  now() {
    if (this.status !== 'loading' || this.users.length > 0) return;
    this.timers.clearTimeout(this.timer);
    void this.#page(this.generation, '');
  }

  /** Appends the next page, if there is one. */
  more() {
    if (!this.nextCursor || this.loadingMore || this.status !== 'done') return;
    this.loadingMore = true;
    this.onChange();
    void this.#page(this.generation, this.nextCursor);
  }

  /**
   * @param {number} generation
   * @param {string} cursor
   */
  async #page(generation, cursor) {
    this.timer = null;
    try {
      const page = await this.search(this.query, cursor);
      if (generation !== this.generation) return; // the query changed meanwhile
      const seen = new Set(this.users.map((u) => u.userId));
      this.users = [...this.users, ...page.users.filter((u) => !seen.has(u.userId))];
      this.nextCursor = page.nextCursor;
      this.status = 'done';
      this.error = '';
    } catch (e) {
      if (generation !== this.generation) return;
      this.error = errorText(e, 'search');
      // A failed next page keeps the results already shown.
      this.status = cursor && this.users.length > 0 ? 'done' : 'failed';
    }
    this.loadingMore = false;
    this.onChange();
  }

  /** Forgets the pending request (the screen closed). */
  stop() {
    this.generation += 1;
    this.timers.clearTimeout(this.timer);
  }
}
