// The controller between the socket and the chat state: it keeps every loaded conversation window gap-free,
// sends receipts, typing and presence, and turns the user's actions into commands. The UI reads `state` and
// re-renders on `subscribe`. No DOM here either: the page passes visibility and activity in, so node can test it.
//
// Keeping the guarantee:
//   - on every Welcome (first connect or reconnect): list conversations, then sync every loaded window from its
//     high until it reaches the conversation's latest seq (SyncResult also refreshes members and their receipts,
//     which were not pushed while offline), then re-send messages still pending, with their idempotency keys;
//   - a live event that skips a seq ("gap") syncs from high; one for a window never loaded loads it (History from
//     the latest, then Sync); one for a conversation not in the list lists again;
//   - syncs of one conversation never overlap: a sync asked for while one runs runs again after it.

import { toContact } from './api.js';
import { AvatarCache } from './avatars.js';
import { ChatState } from './chat-state.js';
import { errorText } from './lib/errors.js';
import { directConversationId, newIdempotencyKey } from './lib/ids.js';
import { id, list, num, str } from './lib/proto.js';
import { Outbox } from './outbox.js';
import { PresenceReporter } from './presence.js';
import { receiptsDue } from './receipts.js';
import { Social } from './social.js';
import { Connection, ConnectionLost, ServerError } from './socket.js';

const SYNC_PAGE = 200;
const HISTORY_PAGE = 50;
const RECEIPT_DEBOUNCE_MS = 300;
const ACCEPTED_EVENT_GRACE_MS = 2000;
const PRELOAD_LIMIT = 10;
const TOAST_MS = 8000;
/** How many of the latest direct chats get their peer's whole profile (avatar, bio) read at each listing. */
const FULL_PROFILES = 50;

/**
 * @typedef {import('./api.js').Api} Api
 * @typedef {import('./api.js').Session} Session
 * @typedef {import('./api.js').Profile} Profile
 * @typedef {import('./session-store.js').SessionStore} SessionStore
 * @typedef {import('./socket.js').ConnectionState} ConnectionState
 *
 * @typedef {object} ClientOptions
 * @property {Session} session
 * @property {Api} api
 * @property {SessionStore} [store]
 * @property {(onEvents: import('./socket.js').ConnectionOptions) => Connection} [connect] makes the connection
 *   (tests pass a fake WebSocket through it)
 * @property {string} [wsUrl] base URL of the socket, e.g. ws://localhost:8080/ws/v1
 * @property {{setTimeout: Function, clearTimeout: Function, setInterval: Function, clearInterval: Function}} [timers]
 * @property {() => number} [now]
 * @property {() => boolean} [isVisible] whether the page is visible
 * @property {(reason: string) => void} [onSignedOut] the session is gone (401, close 4001 or 4003)
 */

export class ChatClient {
  /** @param {ClientOptions} options */
  constructor(options) {
    this.session = options.session;
    this.api = options.api;
    this.store = options.store;
    this.timers = options.timers ?? globalThis;
    this.now = options.now ?? Date.now;
    this.isVisible = options.isVisible ?? (() => true);
    this.onSignedOut = options.onSignedOut ?? (() => {});
    this.state = new ChatState();
    this.state.setUser(this.session.userId);
    this.state.rememberProfiles([this.session.profile]);
    /** @type {ConnectionState} */
    this.connectionState = 'offline';
    this.retryAtMs = 0;
    this.maxTextLength = 4096;
    /** The conversation on screen, "" for none. */
    this.openId = '';
    /** Set by stop(): a late refresh must not reconnect a client that was stopped. */
    this.stopped = false;
    /** @type {Array<{id: number, text: string}>} */
    this.toasts = [];
    this.toastSeq = 0;

    /** @type {Set<() => void>} */
    this.listeners = new Set();
    this.emitQueued = false;
    /** @type {Map<string, Promise<void>>} */
    this.syncing = new Map();
    /** @type {Set<string>} */
    this.syncAgain = new Set();
    /** @type {Map<string, Promise<void>>} */
    this.loading = new Map();
    /** @type {Set<string>} */
    this.profileRequests = new Set();
    this.watched = '';
    this.receiptTimer = null;
    this.typingTimer = null;
    this.relistTimer = null;
    /** Set once GET /api/v1/connect answered 404: the socket is on the page's own host. */
    this.noGateway = false;

    const connectionOptions = {
      // The current access token (it changes when the session is refreshed), on the address a hint or the gateway names.
      url: (/** @type {string | undefined} */ hint) => this.#socketUrl(hint, options.wsUrl),
      timers: this.timers,
      now: this.now,
      onState: (/** @type {ConnectionState} */ s, /** @type {import('./socket.js').StateDetail} */ d) => this.#onState(s, d),
      onWelcome: (/** @type {Record<string, any>} */ w) => void this.#onWelcome(w),
      onPush: (/** @type {Record<string, any>} */ f) => this.#onPush(f),
      // Errors of fire-and-forget frames (typing, presence, watch) mean nothing to the user.
      onUnmatchedError: () => {},
      // 4001: the access token expired (or was refused): renew it once and reconnect; 4003: the session ended.
      onAuthLost: (/** @type {number} */ code) => void this.#authLost(code),
    };
    this.connection = options.connect ? options.connect(connectionOptions) : new Connection(connectionOptions);
    this.presence = new PresenceReporter({
      send: (frame) => this.connection.send(frame),
      isConnected: () => this.connectionState === 'connected',
      isVisible: this.isVisible,
      now: this.now,
      timers: this.timers,
    });
    this.outbox = new Outbox({
      state: this.state,
      store: this.store,
      userId: this.session.userId,
      request: (frame) => this.connection.request(frame),
      isConnected: () => this.connectionState === 'connected',
      onChange: () => this.#emit(),
      onRefused: () => {}, // the failed bubble says why, with Retry and Discard
      timers: this.timers,
      // If the event of an accepted message has not come with the answer nor a moment later (a lost push), fetch it.
      onAhead: (conversationId, seq) => this.timers.setTimeout(() => {
        const conv = this.state.get(conversationId);
        if (conv && conv.high < seq && this.connectionState === 'connected') void this.syncConversation(conversationId);
      }, ACCEPTED_EVENT_GRACE_MS),
    });
    this.outbox.restore();
    /** Contacts, invitations and blocks. */
    this.social = new Social({ api: this.api, state: this.state, onChange: () => this.#emit(), report: (t) => this.toast(t) });
    /** Avatar images, fetched with the token. */
    this.avatars = new AvatarCache({ load: (url) => this.api.avatar(url), onChange: () => this.#emit() });
  }

  /**
   * The image of a user's avatar to show, "" for initials (none, hidden from me, or not fetched yet).
   * @param {string} userId
   */
  avatarSrc(userId) {
    return this.avatars.src(this.state.profiles.get(userId)?.avatarUrl);
  }

  /**
   * Takes my own profile as the server now has it (after an edit here, or read at connect).
   * @param {Profile} profile
   */
  setMyProfile(profile) {
    this.state.rememberProfiles([profile], true);
    this.#emit();
  }

  // ---- lifecycle -----------------------------------------------------------------------------------------------

  /** @returns {string} the current access token (the Api's, which a refresh renews) */
  #token() {
    return (typeof this.api.token === 'function' && this.api.token()) || this.session.token;
  }

  /** @param {number} code */
  async #authLost(code) {
    const renewed = code !== 4003 && !this.stopped && typeof this.api.refreshSession === 'function'
      && (await this.api.refreshSession());
    if (renewed) {
      if (!this.stopped) this.connection.start();
      return;
    }
    this.onSignedOut(code === 4003 ? 'revoked' : 'unauthorized');
  }

  start() {
    this.connection.start();
    this.presence.start();
  }

  stop() {
    this.stopped = true;
    this.connection.stop();
    this.presence.stop();
    this.avatars.clear();
    for (const t of [this.receiptTimer, this.typingTimer, this.relistTimer]) this.timers.clearTimeout(t);
    this.listeners.clear();
  }

  /**
   * @param {() => void} listener called (batched) after any change
   * @returns {() => void} unsubscribe
   */
  subscribe(listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  #emit() {
    if (this.emitQueued) return;
    this.emitQueued = true;
    queueMicrotask(() => {
      this.emitQueued = false;
      for (const listener of [...this.listeners]) listener();
    });
  }

  /**
   * Shows an error to the user for a while.
   * @param {string} text
   */
  toast(text) {
    const toastId = ++this.toastSeq;
    this.toasts = [...this.toasts.slice(-3), { id: toastId, text }];
    this.timers.setTimeout(() => this.dismissToast(toastId), TOAST_MS);
    this.#emit();
  }

  /** @param {number} toastId */
  dismissToast(toastId) {
    const before = this.toasts.length;
    this.toasts = this.toasts.filter((t) => t.id !== toastId);
    if (this.toasts.length !== before) this.#emit();
  }

  /**
   * @param {ConnectionState} state
   * @param {import('./socket.js').StateDetail} detail
   */
  #onState(state, detail) {
    this.connectionState = state;
    this.retryAtMs = detail.retryAtMs ?? 0;
    if (state !== 'connected') this.presence.disconnected();
    // A token the server refuses at the handshake shows up as failed attempts only: ask REST whether it is valid.
    if (state === 'offline' && detail.failures > 0 && detail.failures % 3 === 0) {
      this.api.user(this.session.userId).catch(() => {}); // a 401 signs out through the Api's onUnauthorized
    }
    this.#emit();
  }

  /** @param {Record<string, any>} welcome */
  async #onWelcome(welcome) {
    const userId = id(welcome.userId);
    if (userId !== '0' && userId !== this.state.userId) this.state.setUser(userId);
    this.maxTextLength = num(welcome.limits?.maxTextLength) || this.maxTextLength;
    this.watched = '';
    this.presence.connected();
    // Contacts and invitations changed while offline are not pushed again: read them (and my own profile) afresh.
    void this.social.load().then(() => this.#watchPresence());
    this.api.user(this.state.userId).then((p) => this.setMyProfile(p), () => {});
    try {
      await this.#relist();
    } catch (e) {
      if (e instanceof ConnectionLost) return; // the next Welcome starts over
      this.#report(e); // the windows this page holds can still be synced
    }
    await this.outbox.flush();
    // Resync what this page holds: the open conversation first.
    const loaded = this.state.listedConversations().filter((c) => c.loaded).map((c) => c.id);
    if (this.openId && this.state.get(this.openId)?.loaded && !loaded.includes(this.openId)) loaded.unshift(this.openId);
    loaded.sort((a, b) => (a === this.openId ? -1 : b === this.openId ? 1 : 0));
    for (const conversationId of loaded) await this.syncConversation(conversationId);
    if (this.openId) await this.loadConversation(this.openId);
    // Preload the windows with news, so DELIVERED receipts go out and previews are current.
    const news = this.state.listedConversations()
      .filter((c) => !c.loaded && c.lastSeq > c.myDeliveredSeq)
      .slice(0, PRELOAD_LIMIT);
    for (const conv of news) await this.loadConversation(conv.id);
  }

  async #relist() {
    const askedAt = this.state.prefsVersion;
    const answer = await this.connection.request({ listConversations: {} });
    this.state.applyConversationList(list(answer.conversations?.conversations), askedAt);
    for (const userId of this.state.listedUsers()) this.#ensureProfile(userId); // names in previews, never IDs
    // The list carries cards only: read the whole profiles (avatars) of the peers of the latest direct chats.
    for (const conv of this.state.listedConversations().slice(0, FULL_PROFILES)) {
      if (conv.kind === 'DIRECT' && conv.peerId) this.#ensureFullProfile(conv.peerId);
    }
    this.#watchPresence();
    this.#emit();
  }

  #relistSoon() {
    this.timers.clearTimeout(this.relistTimer);
    this.relistTimer = this.timers.setTimeout(() => {
      this.#relist().catch((e) => this.#report(e));
    }, 500);
  }

  // ---- keeping windows gap-free ----------------------------------------------------------------------------

  /**
   * Brings a conversation's window up to its latest seq (and its members up to date). Never two at once per
   * conversation.
   * @param {string} conversationId
   * @returns {Promise<void>}
   */
  syncConversation(conversationId) {
    if (!this.state.get(conversationId)?.loaded) return this.loadConversation(conversationId); // never sync from 0
    const running = this.syncing.get(conversationId);
    if (running) {
      this.syncAgain.add(conversationId);
      return running;
    }
    const run = this.#syncLoop(conversationId).finally(() => {
      this.syncing.delete(conversationId);
      if (this.syncAgain.delete(conversationId)) void this.syncConversation(conversationId);
    });
    this.syncing.set(conversationId, run);
    return run;
  }

  /** @param {string} conversationId */
  async #syncLoop(conversationId) {
    let idle = 0;
    for (let page = 0; page < 10_000; page += 1) {
      const conv = this.state.ensure(conversationId);
      let answer;
      try {
        answer = await this.connection.request({
          sync: { conversationId, afterSeq: String(conv.high), limit: SYNC_PAGE },
        });
      } catch (e) {
        this.#onConversationError(conversationId, e);
        return;
      }
      const { added, more } = this.state.applySync(conversationId, answer.sync ?? {});
      this.#afterChange(conversationId);
      if (!more) return;
      idle = added === 0 ? idle + 1 : 0;
      if (idle >= 3) return; // the server has nothing newer than we hold: do not spin
    }
  }

  /**
   * Loads a conversation's window if it has none (the latest page), then syncs it.
   * @param {string} conversationId
   * @returns {Promise<void>}
   */
  loadConversation(conversationId) {
    const running = this.loading.get(conversationId);
    if (running) return running;
    const run = this.#load(conversationId).finally(() => this.loading.delete(conversationId));
    this.loading.set(conversationId, run);
    return run;
  }

  /** @param {string} conversationId */
  async #load(conversationId) {
    const conv = this.state.ensure(conversationId);
    if (!conv.loaded) {
      try {
        const answer = await this.connection.request({
          history: { conversationId, beforeSeq: '0', limit: HISTORY_PAGE },
        });
        this.state.applyHistory(conversationId, answer.history ?? {}, 0);
        this.#afterChange(conversationId);
      } catch (e) {
        this.#onConversationError(conversationId, e);
        if (!this.state.get(conversationId)?.loaded) return;
      }
    }
    await this.syncConversation(conversationId);
  }

  /**
   * Pages in the events before the window (scrolling up).
   * @param {string} conversationId
   * @returns {Promise<number>} how many events were added
   */
  async loadOlder(conversationId) {
    const conv = this.state.get(conversationId);
    if (!conv || !conv.loaded || !conv.hasOlder || conv.low <= 1) return 0;
    try {
      const beforeSeq = conv.low;
      const answer = await this.connection.request({
        history: { conversationId, beforeSeq: String(beforeSeq), limit: HISTORY_PAGE },
      });
      const added = this.state.applyHistory(conversationId, answer.history ?? {}, beforeSeq);
      this.#afterChange(conversationId);
      return added;
    } catch (e) {
      this.#report(e);
      return 0;
    }
  }

  /**
   * Pages in older events until the window holds everything after `seq` (the unread messages of a conversation
   * being opened), at most `maxPages` pages.
   * @param {string} conversationId
   * @param {number} seq
   * @param {number} [maxPages]
   */
  async loadBackTo(conversationId, seq, maxPages = 10) {
    if (this.loading.has(conversationId)) await this.loading.get(conversationId);
    let stalled = 0;
    for (let page = 0; page < maxPages && !this.state.holdsAllAfter(conversationId, seq); page += 1) {
      // A page can come back stale (the window moved meanwhile) or fail: try again once before giving up.
      if ((await this.loadOlder(conversationId)) === 0 && ++stalled > 1) return;
    }
  }

  /**
   * @param {string} conversationId
   * @param {unknown} e
   */
  #onConversationError(conversationId, e) {
    if (e instanceof ServerError && (e.code === 'CONVERSATION_NOT_FOUND' || e.code === 'NOT_A_MEMBER')) {
      const conv = this.state.ensure(conversationId);
      if (conv.kind === 'DIRECT' && conv.lastSeq === 0) {
        this.state.markEmpty(conversationId); // its first message will create it
      } else {
        conv.removed = true;
        this.state.markEmpty(conversationId);
      }
      this.#emit();
      return;
    }
    this.#report(e);
  }

  /**
   * @param {unknown} e
   * @param {import('./lib/errors.js').Action} [action]
   */
  #report(e, action = 'other') {
    if (e instanceof ConnectionLost) return; // the banner says it; the reconnect resyncs
    this.toast(errorText(e, action, { maxTextLength: this.maxTextLength }));
  }

  // ---- pushes --------------------------------------------------------------------------------------------------

  /** @param {Record<string, any>} frame */
  #onPush(frame) {
    if (frame.event) this.#onEvent(frame.event);
    else if (frame.receipt) this.state.applyReceipt(frame.receipt);
    else if (frame.prefs) this.state.applyPrefs(frame.prefs);
    else if (frame.typing) {
      this.state.applyTyping(frame.typing, this.now());
      this.#armTypingTimer();
    } else if (frame.presence) this.state.applyPresence(frame.presence);
    else if (frame.contact) {
      this.social.apply(toContact(frame.contact));
      this.#watchPresence(); // a new contact's status may be seen now
    }
    this.#emit();
  }

  /** @param {Record<string, any>} event */
  #onEvent(event) {
    const conversationId = str(event.conversationId);
    const outcome = this.state.applyLive(event);
    if (outcome === 'gap') void this.syncConversation(conversationId);
    else if (outcome === 'unloaded') void this.loadConversation(conversationId);
    else if (outcome === 'unknown') {
      this.#relistSoon();
      void this.loadConversation(conversationId);
    }
    if (event.message) this.state.typingUsers(conversationId, this.now()); // prune
    const actor = id(event.actor);
    if (event.message && actor !== this.state.userId) this.state.get(conversationId)?.typing.delete(actor);
    // The first message creates a direct conversation, and with it the right to see the peer's presence (the
    // server answered HIDDEN before): watch again to get the status now.
    if (num(event.seq) === 1 && conversationId.startsWith('d:')) {
      this.watched = '';
      this.#watchPresence();
    }
    this.#afterChange(conversationId);
  }

  /**
   * After a window changed: fetch unknown profiles, schedule receipts, re-render.
   * @param {string} conversationId
   */
  #afterChange(conversationId) {
    const conv = this.state.get(conversationId);
    if (conv) {
      for (let seq = Math.max(conv.low, conv.high - 100); seq <= conv.high && seq > 0; seq += 1) {
        const e = conv.entries.get(seq);
        if (e) this.#ensureProfile(e.actor);
      }
      for (const m of conv.members.keys()) this.#ensureProfile(m);
      if (conv.kind === 'DIRECT' && conv.peerId) this.#ensureProfile(conv.peerId);
    }
    this.#scheduleReceipts();
    this.outbox.persist();
    this.#emit();
  }

  /**
   * Fetches a user's profile unless known or on its way (names, never IDs, are shown).
   * @param {string} userId
   */
  ensureProfile(userId) {
    this.#ensureProfile(userId);
  }

  /**
   * Reads a user's whole profile (bio, avatar) unless it was read already this session or is on its way.
   * @param {string} userId
   */
  #ensureFullProfile(userId) {
    if (this.state.fullProfiles.has(userId)) return;
    this.#fetchProfile(userId);
  }

  /** @param {string} userId */
  #ensureProfile(userId) {
    if (this.state.profiles.has(userId)) return;
    this.#fetchProfile(userId);
  }

  /** @param {string} userId */
  #fetchProfile(userId) {
    if (!userId || userId === '0' || this.profileRequests.has(userId)) return;
    if (this.state.profiles.size + this.profileRequests.size > 5000) return;
    this.profileRequests.add(userId);
    this.api.user(userId).then(
      (p) => {
        this.profileRequests.delete(userId);
        this.state.rememberProfiles([p], true);
        this.#emit();
      },
      () => {}, // shown as "User <id>" then (and not asked again)
    );
  }

  // ---- receipts, typing, presence --------------------------------------------------------------------------

  #scheduleReceipts() {
    if (this.receiptTimer) return;
    this.receiptTimer = this.timers.setTimeout(() => {
      this.receiptTimer = null;
      this.#sendReceipts();
    }, RECEIPT_DEBOUNCE_MS);
  }

  #sendReceipts() {
    if (this.connectionState !== 'connected') return;
    const visible = this.isVisible();
    for (const conv of this.state.conversations.values()) {
      for (const due of receiptsDue(conv, this.state.userId, visible && conv.id === this.openId)) {
        this.state.setMyMarks(conv.id, due.kind, due.upToSeq);
        this.connection
          .request({ receipt: { conversationId: conv.id, kind: due.kind, upToSeq: String(due.upToSeq) } })
          .catch(() => {}); // marks only move forward; the next change sends a higher one
      }
    }
    this.#emit();
  }

  /**
   * The conversation on screen changed ("" for none).
   * @param {string} conversationId
   */
  openConversation(conversationId) {
    this.openId = conversationId;
    if (conversationId) {
      const conv = this.state.ensure(conversationId);
      if (!conv.loaded) void this.loadConversation(conversationId);
      this.#scheduleReceipts();
    }
    this.#emit();
  }

  /**
   * Starts (or opens) the direct conversation with a user. It is listed after its first message.
   * @param {Profile} profile
   * @returns {string} the conversation ID
   */
  openDirectWith(profile) {
    this.state.rememberProfiles([profile]);
    const conversationId = directConversationId(this.state.userId, profile.userId);
    const conv = this.state.ensure(conversationId);
    conv.peerId = profile.userId;
    conv.opened = true; // listed from now on, before its first message
    this.#ensureFullProfile(profile.userId);
    this.#watchPresence();
    this.openConversation(conversationId);
    return conversationId;
  }

  /** Page visibility changed: SEEN may be due now, presence may change. */
  visibilityChanged() {
    this.presence.update();
    this.#scheduleReceipts();
  }

  /** The user did something (key, click, pointer): presence back to ONLINE. */
  activity() {
    if (this.presence.activity()) this.#scheduleReceipts();
  }

  /** Whether the user set themselves busy. */
  get busy() {
    return this.presence.busy;
  }

  /** @param {boolean} busy */
  setBusy(busy) {
    this.presence.setBusy(busy);
    this.#emit();
  }

  #watchPresence() {
    const peers = [...new Set([...this.state.directPeers(), ...this.social.contactIds()])].sort().slice(0, 1000);
    const key = peers.join(',');
    if (key === this.watched || this.connectionState !== 'connected') return;
    if (this.connection.send({ watchPresence: { userIds: peers } })) this.watched = key;
  }

  /**
   * The user typed in the composer: tell the others, at most every 3 s.
   * @param {string} conversationId
   */
  typing(conversationId) {
    const conv = this.state.get(conversationId);
    if (!conv || conv.lastSeq === 0) return; // a direct conversation its first message has not created yet
    this.presence.typing(conversationId);
  }

  #armTypingTimer() {
    this.timers.clearTimeout(this.typingTimer);
    const next = this.state.nextTypingExpiry();
    if (next === 0) return;
    this.typingTimer = this.timers.setTimeout(() => {
      this.typingTimer = null;
      for (const conv of this.state.conversations.values()) this.state.typingUsers(conv.id, this.now());
      this.#armTypingTimer();
      this.#emit();
    }, Math.max(50, next - this.now() + 20));
  }

  // ---- sending -------------------------------------------------------------------------------------------------

  /**
   * Sends a message: shown at once as pending, sent now if connected, else after the next Welcome.
   * @param {string} conversationId
   * @param {string} text
   * @param {number} [replyToSeq]
   * @returns {boolean} false if the text was refused here (empty or too long)
   */
  sendMessage(conversationId, text, replyToSeq = 0) {
    if (text.trim() === '') return false;
    const length = [...text].length;
    if (length > this.maxTextLength) return false; // the composer shows the count and keeps Send disabled
    this.presence.stopTyping(conversationId);
    this.outbox.send(conversationId, { key: newIdempotencyKey(), text, replyToSeq, nowMs: this.now() });
    return true;
  }

  /**
   * Sends a failed message again, with the same idempotency key.
   * @param {string} conversationId
   * @param {string} key
   */
  retry(conversationId, key) {
    this.outbox.retry(conversationId, key);
  }

  /**
   * Gives up on a failed message.
   * @param {string} conversationId
   * @param {string} key
   */
  discard(conversationId, key) {
    this.outbox.discard(conversationId, key);
  }

  // ---- other commands ------------------------------------------------------------------------------------------

  /**
   * Sends a command and reports its error as a toast, in product wording.
   * @param {Record<string, any>} frame
   * @param {import('./lib/errors.js').Action} [action] what the person was doing, for the wording
   * @returns {Promise<Record<string, any> | null>} the answer, or null if it failed
   */
  async command(frame, action = 'other') {
    try {
      return await this.connection.request(frame);
    } catch (e) {
      this.toast(e instanceof ConnectionLost ? 'Not connected. Try again in a moment.'
        : errorText(e, action, { maxTextLength: this.maxTextLength }));
      return null;
    }
  }

  /**
   * Changes my own settings of a conversation (pin, archive, mute). Shown at once; the server stores them and
   * pushes them to my other devices. If it refuses, the list is read again, which puts back what it holds.
   * @param {string} conversationId
   * @param {{pinned?: boolean, archived?: boolean, mutedUntilMs?: string}} change mutedUntilMs: "0" unmutes,
   *   MUTED_FOREVER, or a time in ms as a string
   * @returns {Promise<boolean>} whether the server took it
   */
  async setPrefs(conversationId, change) {
    const conv = this.state.ensure(conversationId);
    this.state.applyPrefs({
      conversationId,
      pinnedAtMs: change.pinned === undefined ? conv.pinnedAtMs : change.pinned ? conv.pinnedAtMs || this.now() : 0,
      archived: change.archived ?? conv.archived,
      mutedUntilMs: change.mutedUntilMs ?? conv.mutedUntilMs,
    });
    this.#emit();
    const answer = await this.command({ setConversationPrefs: { conversationId, ...change } }, 'prefs');
    if (!answer) void this.#relist().catch(() => {});
    return answer !== null;
  }

  /**
   * @param {string} conversationId
   * @param {number} seq
   * @param {string} text
   */
  edit(conversationId, seq, text) {
    return this.command({ edit: { conversationId, seq: String(seq), body: { text }, idempotencyKey: newIdempotencyKey() } }, 'edit');
  }

  /**
   * @param {string} conversationId
   * @param {number} seq
   */
  deleteMessage(conversationId, seq) {
    return this.command({ delete: { conversationId, seq: String(seq), idempotencyKey: newIdempotencyKey() } }, 'delete');
  }

  /**
   * @param {string} conversationId
   * @param {number} seq
   * @param {string} emoji
   * @param {boolean} add
   */
  react(conversationId, seq, emoji, add) {
    return this.command({ react: { conversationId, seq: String(seq), emoji, add } }, 'react');
  }

  /**
   * @param {string} title
   * @param {string[]} memberIds
   * @returns {Promise<string>} the new conversation's ID, "" if it failed
   */
  async createGroup(title, memberIds) {
    const answer = await this.command({ createGroup: { title, memberIds, idempotencyKey: newIdempotencyKey() } }, 'group');
    const conversationId = str(answer?.accepted?.conversationId);
    if (conversationId) {
      this.state.ensure(conversationId).kind = 'GROUP';
      this.openConversation(conversationId);
      void this.#relist().catch(() => {});
    }
    return conversationId;
  }

  /**
   * @param {string} conversationId
   * @param {string} title
   */
  renameGroup(conversationId, title) {
    return this.command({ renameGroup: { conversationId, title, idempotencyKey: newIdempotencyKey() } }, 'group');
  }

  /**
   * @param {string} conversationId
   * @param {string[]} userIds
   */
  addMembers(conversationId, userIds) {
    return this.command({ addMembers: { conversationId, userIds, idempotencyKey: newIdempotencyKey() } }, 'members');
  }

  /**
   * @param {string} conversationId
   * @param {string} userId
   */
  removeMember(conversationId, userId) {
    return this.command({ removeMember: { conversationId, userId, idempotencyKey: newIdempotencyKey() } });
  }

  /** @param {string} conversationId */
  leaveGroup(conversationId) {
    return this.command({ leaveGroup: { conversationId, idempotencyKey: newIdempotencyKey() } });
  }

  /**
   * @param {string} conversationId
   * @param {string} userId
   * @param {'MEMBER'|'ADMIN'|'OWNER'} role
   */
  setRole(conversationId, userId, role) {
    return this.command({ setRole: { conversationId, userId, role, idempotencyKey: newIdempotencyKey() } });
  }

  /**
   * Finds users by exact username (case-insensitive), for the new-chat and new-group forms.
   * @param {string[]} usernames
   * @returns {Promise<{found: Profile[], missing: string[]}>}
   */
  async resolveUsernames(usernames) {
    const found = [];
    const missing = [];
    for (const raw of usernames) {
      const name = raw.trim().replace(/^@/, '');
      if (!name) continue;
      if (name.length < 3) { // no username is shorter, and the server refuses shorter searches
        missing.push(name);
        continue;
      }
      const users = await this.api.searchUsers(name);
      const match = users.find((u) => u.username.toLowerCase() === name.toLowerCase());
      if (match) {
        found.push(match);
        this.state.rememberProfiles([match]);
      } else missing.push(name);
    }
    return { found, missing };
  }

  /**
   * The URL of the next socket, token included: the server a `reconnect` frame named; else `wsUrl` if given; else
   * the one the gateway names (GET /api/v1/connect), or the page's own host where there is no gateway (404, then
   * never asked again: `cellchat dev`).
   * @param {string | undefined} hint
   * @param {string | undefined} wsUrl
   * @returns {string | Promise<string>}
   */
  #socketUrl(hint, wsUrl) {
    const token = `?access_token=${encodeURIComponent(this.#token())}`;
    if (hint) return socketUrlOf(hint) + token;
    if (wsUrl) return wsUrl + token;
    if (this.noGateway || typeof this.api?.connectUrl !== 'function') return defaultSocketUrl() + token;
    return this.api.connectUrl().then((/** @type {string | null} */ url) => {
      if (url === null) this.noGateway = true;
      return (url ?? defaultSocketUrl()) + token;
    });
  }

  /** Skips the reconnect wait. */
  reconnectNow() {
    this.connection.reconnectNow();
  }

  /**
   * What the browser tests read through window.cellchat.state().
   * @returns {{userId: string, connection: ConnectionState, conversations: ReturnType<ChatState['windows']>}}
   */
  debugState() {
    return { userId: this.state.userId, connection: this.connectionState, conversations: this.state.windows() };
  }
}

/** @returns {string} ws(s)://<this host>/ws/v1 */
/**
 * The WebSocket URL of a server's base URL, as a `reconnect` frame names it: http://host:port -> ws://host:port/ws/v1.
 * @param {string} base
 */
export function socketUrlOf(base) {
  return `${base.replace(/^http(s?):/, 'ws$1:').replace(/\/+$/, '')}/ws/v1`;
}

function defaultSocketUrl() {
  const loc = globalThis.location;
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws/v1`;
}
