// The client's model of the user's conversations: for each one a contiguous window of events [low..high] by
// sequence number, the messages as they are now, members with their receipts, pending sends and typing users.
//
// This module does no I/O and touches no DOM, so node's test runner checks it. The controller (client.js) feeds it
// server frames and asks it what to do next: applyLive answers "gap" when an event skips a sequence number, and
// applySync says whether more events remain; the controller then sends Sync until the window reaches the latest
// sequence. That is the product's guarantee: no gap, no duplicate.
//
// Message state and event order. Events are idempotent (each sets state) and are applied in seq order, but a
// MessagePosted that comes in a sync or history result already shows the message as it is *now* (edited text,
// tombstone, reactions). Each message therefore remembers `stateSeq`, the latest sequence number its state reflects:
// its own seq when it arrived live, the conversation's latest seq when it came in a snapshot. An edit, delete or
// reaction event applies to its target only if its seq is greater than the target's stateSeq, so paging in older
// events never rolls a message back. Membership and title work the same way with the conversation's `metaSeq`.

import { applyChange, applyMembership, newConversation, toEntry, toMember } from './conversation.js';
import { directPeerId } from './lib/ids.js';
import { id, list, num, str } from './lib/proto.js';

/**
 * Text folded for search: lower case, accents dropped.
 * @param {string} text
 */
export function fold(text) {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase();
}

/** How long a typing indicator lasts unless refreshed, per the protocol. */
export const TYPING_TTL_MS = 6000;

/**
 * @typedef {import('./conversation.js').Conversation} Conversation
 * @typedef {import('./conversation.js').Entry} Entry
 * @typedef {import('./conversation.js').Pending} Pending
 */

export class ChatState {
  constructor() {
    /** The signed-in user. */
    this.userId = '';
    /** @type {Map<string, Conversation>} */
    this.conversations = new Map();
    /** @type {Map<string, {userId: string, username: string, displayName: string}>} */
    this.profiles = new Map();
    /**
     * Counts settings changes (mine, shown at once, and pushed ones), so that a list read that started before a
     * change cannot put back what the change replaced.
     */
    this.prefsVersion = 0;
    /** @type {Map<string, number>} the prefsVersion of each conversation's latest settings change */
    this.prefsChangedAt = new Map();
    /** @type {Map<string, {status: string, lastSeenMs: number}>} */
    this.presence = new Map();
    /** Whether a conversation list has arrived since sign-in. */
    this.listed = false;
  }

  /** @param {string} userId */
  setUser(userId) {
    this.userId = userId;
    for (const conv of this.conversations.values()) {
      if (conv.kind === 'DIRECT') conv.peerId = directPeerId(conv.id, userId);
    }
  }

  /**
   * @param {string} conversationId
   * @returns {Conversation | undefined}
   */
  get(conversationId) {
    return this.conversations.get(conversationId);
  }

  /**
   * The conversation, created empty (not loaded) if unknown.
   * @param {string} conversationId
   * @returns {Conversation}
   */
  ensure(conversationId) {
    let conv = this.conversations.get(conversationId);
    if (!conv) {
      conv = newConversation(conversationId, this.userId);
      this.conversations.set(conversationId, conv);
    }
    return conv;
  }

  /** @param {Array<Record<string, any>>} profiles proto3 JSON UserProfile */
  rememberProfiles(profiles) {
    for (const p of list(profiles)) {
      const userId = id(p.userId);
      if (userId === '0') continue;
      this.profiles.set(userId, { userId, username: str(p.username), displayName: str(p.displayName) });
    }
  }

  /**
   * Takes a ConversationList: kinds, titles, latest seqs, unread counts, my marks, previews.
   * @param {Array<Record<string, any>>} summaries proto3 JSON ConversationSummary
   * @param {number} [askedAt] the prefsVersion when the list was asked for: settings changed since are kept
   */
  applyConversationList(summaries, askedAt = this.prefsVersion) {
    for (const s of list(summaries)) {
      const conv = this.ensure(str(s.conversationId));
      conv.kind = s.kind === 'GROUP' ? 'GROUP' : s.kind === 'DIRECT' ? 'DIRECT' : conv.kind;
      if (conv.kind === 'GROUP' && conv.metaSeq <= num(s.lastSeq)) conv.title = str(s.title) || conv.title;
      if (s.peer) {
        this.rememberProfiles([s.peer]);
        conv.peerId = id(s.peer.userId);
      }
      conv.lastSeq = Math.max(conv.lastSeq, num(s.lastSeq));
      conv.unreadBase = num(s.unread);
      conv.unreadBaseSeq = num(s.lastSeq);
      conv.unloadedForeign = 0;
      conv.unloadedCountedSeq = conv.unreadBaseSeq;
      conv.memberCount = num(s.memberCount) || conv.memberCount;
      conv.myDeliveredSeq = Math.max(conv.myDeliveredSeq, num(s.deliveredSeq), num(s.seenSeq));
      conv.mySeenSeq = Math.max(conv.mySeenSeq, num(s.seenSeq));
      conv.role = str(s.role) || conv.role;
      conv.lastActivityMs = Math.max(conv.lastActivityMs, num(s.lastActivityMs));
      conv.removed = false;
      if ((this.prefsChangedAt.get(conv.id) ?? 0) <= askedAt) this.#setPrefs(conv, s.prefs ?? {}); // absent: defaults
      if (s.lastMessage) {
        const entry = toEntry(s.lastMessage, num(s.lastSeq));
        if (!conv.summaryPreview || entry.seq >= conv.summaryPreview.seq) conv.summaryPreview = entry;
        conv.lastActivityMs = Math.max(conv.lastActivityMs, entry.atMs);
      }
    }
    this.listed = true;
  }

  /**
   * Takes a ConversationPrefs push (my settings changed, here or on another device), or applies my own change at
   * once before the server confirms it.
   * @param {Record<string, any>} prefs proto3 JSON ConversationPrefs
   */
  applyPrefs(prefs) {
    const conversationId = str(prefs.conversationId);
    if (!conversationId) return;
    this.prefsChangedAt.set(conversationId, ++this.prefsVersion);
    this.#setPrefs(this.ensure(conversationId), prefs);
  }

  /**
   * @param {Conversation} conv
   * @param {Record<string, any>} prefs
   */
  #setPrefs(conv, prefs) {
    conv.pinnedAtMs = num(prefs.pinnedAtMs);
    conv.archived = prefs.archived === true;
    conv.mutedUntilMs = num(prefs.mutedUntilMs);
  }

  /**
   * Whether a conversation is muted now.
   * @param {string} conversationId
   * @param {number} nowMs
   */
  isMuted(conversationId, nowMs) {
    const conv = this.conversations.get(conversationId);
    return Boolean(conv && conv.mutedUntilMs > nowMs);
  }

  /**
   * The users whose names the list shows (senders of previews, peers), for the controller to fetch.
   * @returns {string[]}
   */
  listedUsers() {
    const users = new Set();
    for (const conv of this.conversations.values()) {
      if (conv.summaryPreview) users.add(conv.summaryPreview.actor);
      if (conv.peerId) users.add(conv.peerId);
    }
    users.delete('0');
    users.delete('');
    return [...users];
  }

  /**
   * The peers of direct conversations, whose presence the list shows.
   * @returns {string[]}
   */
  directPeers() {
    const peers = new Set();
    for (const conv of this.conversations.values()) {
      if (conv.kind === 'DIRECT' && conv.peerId && conv.peerId !== this.userId) peers.add(conv.peerId);
    }
    return [...peers];
  }

  /**
   * Marks a conversation loaded with nothing in it (a direct conversation that its first message will create).
   * @param {string} conversationId
   */
  markEmpty(conversationId) {
    const conv = this.ensure(conversationId);
    if (conv.loaded) return;
    conv.loaded = true;
    conv.low = 0;
    conv.high = 0;
    conv.hasOlder = false;
  }

  /**
   * Takes a HistoryResult. With beforeSeq 0 it initialises an unloaded window with the latest events; otherwise it
   * prepends the events just before `low` ("load older"). Only a contiguous run that joins the window is kept.
   * Membership effects are not applied from history: the next sync brings the current members.
   * @param {string} conversationId
   * @param {Record<string, any>} result proto3 JSON HistoryResult
   * @param {number} beforeSeq the request's before_seq
   * @returns {number} how many events were added
   */
  applyHistory(conversationId, result, beforeSeq) {
    const conv = this.ensure(conversationId);
    const events = list(result.events).slice().sort((a, b) => num(a.seq) - num(b.seq));
    const hasMore = result.hasMore === true;
    if (beforeSeq === 0) {
      if (conv.loaded) return 0; // a window exists; the caller syncs forward from it instead
      // Keep the longest contiguous run that ends with the latest event.
      let start = events.length - 1;
      while (start > 0 && num(events[start - 1].seq) === num(events[start].seq) - 1) start -= 1;
      const run = events.slice(Math.max(start, 0));
      conv.loaded = true;
      if (run.length === 0) {
        conv.low = 0;
        conv.high = 0;
        conv.hasOlder = false;
        return 0;
      }
      const snapshot = Math.max(conv.lastSeq, num(run[run.length - 1].seq));
      for (const ev of run) this.#put(conv, ev, snapshot, false);
      conv.low = num(run[0].seq);
      conv.high = num(run[run.length - 1].seq);
      conv.lastSeq = Math.max(conv.lastSeq, conv.high);
      conv.hasOlder = hasMore || start > 0 || conv.low > 1;
      return run.length;
    }
    if (!conv.loaded || beforeSeq !== conv.low || conv.low <= 1) return 0; // stale answer
    // Walk down from low-1 while contiguous.
    const bySeq = new Map(events.map((ev) => [num(ev.seq), ev]));
    const run = [];
    for (let seq = conv.low - 1; bySeq.has(seq); seq -= 1) run.unshift(bySeq.get(seq));
    const snapshot = Math.max(conv.lastSeq, conv.high);
    for (const ev of run) this.#put(conv, ev, snapshot, false);
    if (run.length > 0) conv.low = num(run[0].seq);
    conv.hasOlder = conv.low > 1 && (hasMore || run.length < events.length);
    return run.length;
  }

  /**
   * Takes a SyncResult: the members, profiles and title as they are now, and the events after the window's high.
   * @param {string} conversationId
   * @param {Record<string, any>} result proto3 JSON SyncResult
   * @returns {{added: number, more: boolean}} more: the window is still short of the latest seq, sync again
   */
  applySync(conversationId, result) {
    const conv = this.ensure(conversationId);
    const lastSeq = num(result.lastSeq);
    conv.lastSeq = Math.max(conv.lastSeq, lastSeq);
    if (result.kind === 'GROUP' || result.kind === 'DIRECT') conv.kind = result.kind;
    this.rememberProfiles(result.profiles);
    if (lastSeq >= conv.metaSeq) {
      if (conv.kind === 'GROUP' && str(result.title)) conv.title = str(result.title);
      const members = list(result.members).map(toMember);
      if (members.length > 0) {
        const next = new Map();
        for (const m of members) {
          const old = conv.members.get(m.userId);
          if (old) {
            m.deliveredSeq = Math.max(m.deliveredSeq, old.deliveredSeq);
            m.seenSeq = Math.max(m.seenSeq, old.seenSeq);
          }
          next.set(m.userId, m);
        }
        conv.members = next;
        conv.memberCount = next.size;
        const mine = next.get(this.userId);
        if (mine) {
          conv.role = mine.role;
          conv.myDeliveredSeq = Math.max(conv.myDeliveredSeq, mine.deliveredSeq);
          conv.mySeenSeq = Math.max(conv.mySeenSeq, mine.seenSeq);
          conv.removed = false;
        } else if (conv.kind === 'GROUP') {
          conv.removed = true;
        }
        conv.metaSeq = lastSeq;
      }
    }
    if (!conv.loaded) {
      conv.loaded = true;
      conv.low = 0;
      conv.high = 0;
    }
    const events = list(result.events).slice().sort((a, b) => num(a.seq) - num(b.seq));
    let added = 0;
    for (const ev of events) {
      const seq = num(ev.seq);
      if (seq <= conv.high) continue; // held already
      if (seq !== conv.high + 1) break; // never leave a hole; the caller syncs again from high
      this.#put(conv, ev, lastSeq, true);
      this.#advance(conv, seq);
      added += 1;
    }
    return { added, more: result.hasMore === true || conv.lastSeq > conv.high };
  }

  /**
   * Takes a live event push.
   * @param {Record<string, any>} event proto3 JSON Event
   * @returns {'applied'|'duplicate'|'gap'|'unloaded'|'unknown'} what the controller must do: on gap, sync after
   *   high; on unloaded, load the window; on unknown (a conversation not in the list), list again and load it
   */
  applyLive(event) {
    const conversationId = str(event.conversationId);
    const known = this.conversations.has(conversationId);
    const conv = this.ensure(conversationId);
    const seq = num(event.seq);
    if (seq <= 0) return 'duplicate';
    conv.lastSeq = Math.max(conv.lastSeq, seq);
    if (!conv.loaded) {
      this.#notePreview(conv, toEntry(event, seq));
      return known ? 'unloaded' : 'unknown';
    }
    if (seq <= conv.high) return 'duplicate';
    if (seq !== conv.high + 1) return 'gap';
    this.#put(conv, event, seq, true);
    this.#advance(conv, seq);
    return 'applied';
  }

  /**
   * @param {Conversation} conv
   * @param {number} seq
   */
  #advance(conv, seq) {
    conv.high = seq;
    if (conv.low === 0) conv.low = seq;
  }

  /**
   * Stores an event in the window and applies its effects.
   * @param {Conversation} conv
   * @param {Record<string, any>} event
   * @param {number} snapshotSeq what message state in this event reflects
   * @param {boolean} forward whether it extends the window forward (live or sync), so membership effects apply
   */
  #put(conv, event, snapshotSeq, forward) {
    const entry = toEntry(event, snapshotSeq);
    const existing = conv.entries.get(entry.seq);
    if (existing && existing.type === 'message' && existing.stateSeq > entry.stateSeq) return;
    conv.entries.set(entry.seq, entry);
    conv.lastActivityMs = Math.max(conv.lastActivityMs, entry.atMs);
    if (entry.type === 'edited' || entry.type === 'deleted' || entry.type === 'reaction') {
      const targetSeq = num(entry.body.targetSeq);
      const target = conv.entries.get(targetSeq);
      if (target) applyChange(target, entry);
      if (conv.summaryPreview && conv.summaryPreview.seq === targetSeq) applyChange(conv.summaryPreview, entry);
    } else if (entry.type === 'message') {
      if (entry.actor === this.userId) {
        conv.pending = conv.pending.filter(
          (p) => !(entry.idempotencyKey && p.key === entry.idempotencyKey) && !(p.seq > 0 && p.seq === entry.seq));
      }
    } else if (forward && entry.seq > conv.metaSeq) {
      applyMembership(conv, entry, this.userId);
      conv.metaSeq = entry.seq;
    }
  }


  /**
   * Keeps the list preview and unread count of a conversation whose window is not loaded.
   * @param {Conversation} conv
   * @param {Entry} entry
   */
  #notePreview(conv, entry) {
    conv.lastActivityMs = Math.max(conv.lastActivityMs, entry.atMs);
    if (entry.type === 'message') {
      if (!conv.summaryPreview || entry.seq > conv.summaryPreview.seq) conv.summaryPreview = entry;
      if (entry.actor !== this.userId && entry.seq > conv.unloadedCountedSeq) {
        conv.unloadedForeign += 1;
        conv.unloadedCountedSeq = entry.seq;
      }
    } else if (conv.summaryPreview && num(entry.body.targetSeq) === conv.summaryPreview.seq) {
      applyChange(conv.summaryPreview, entry);
    }
  }

  // ---- sending -------------------------------------------------------------------------------------------------

  /**
   * Shows a message at once as pending.
   * @param {string} conversationId
   * @param {{key: string, text: string, replyToSeq?: number, nowMs: number}} message
   * @returns {Pending}
   */
  addPending(conversationId, { key, text, replyToSeq = 0, nowMs }) {
    const conv = this.ensure(conversationId);
    /** @type {Pending} */
    const pending = { key, text, replyToSeq, status: 'pending', seq: 0, createdAtMs: nowMs, error: '' };
    conv.pending = [...conv.pending, pending];
    conv.lastActivityMs = Math.max(conv.lastActivityMs, nowMs);
    return pending;
  }

  /**
   * @param {string} conversationId
   * @param {string} key
   * @returns {Pending | undefined}
   */
  findPending(conversationId, key) {
    return this.conversations.get(conversationId)?.pending.find((p) => p.key === key);
  }

  /**
   * The messages to (re)send: pending and not yet accepted, oldest first per conversation.
   * @returns {Array<{conversationId: string, pending: Pending}>}
   */
  unsentMessages() {
    const out = [];
    for (const conv of this.conversations.values()) {
      for (const p of conv.pending) if (p.status === 'pending') out.push({ conversationId: conv.id, pending: p });
    }
    return out;
  }

  /**
   * The server took the message (Accepted with its seq). If its event is already held, the pending copy goes.
   * @param {string} conversationId
   * @param {string} key
   * @param {number} seq
   */
  markAccepted(conversationId, key, seq) {
    const conv = this.conversations.get(conversationId);
    const pending = conv?.pending.find((p) => p.key === key);
    if (!conv || !pending) return;
    const held = conv.entries.get(seq);
    if (seq > 0 && held && held.type === 'message' && conv.low <= seq && seq <= conv.high) {
      conv.pending = conv.pending.filter((p) => p !== pending);
      return;
    }
    conv.pending = conv.pending.map((p) => (p === pending ? { ...p, status: 'sent', seq, error: '' } : p));
    conv.lastSeq = Math.max(conv.lastSeq, seq);
  }

  /**
   * @param {string} conversationId
   * @param {string} key
   * @param {string} error
   */
  markFailed(conversationId, key, error) {
    const conv = this.conversations.get(conversationId);
    if (!conv) return;
    conv.pending = conv.pending.map((p) => (p.key === key && p.status !== 'sent' ? { ...p, status: 'failed', error } : p));
  }

  /**
   * Puts a failed message back in the queue, with the same idempotency key.
   * @param {string} conversationId
   * @param {string} key
   * @returns {Pending | undefined}
   */
  retryPending(conversationId, key) {
    const conv = this.conversations.get(conversationId);
    if (!conv) return undefined;
    conv.pending = conv.pending.map((p) => (p.key === key && p.status === 'failed' ? { ...p, status: 'pending', error: '' } : p));
    return conv.pending.find((p) => p.key === key);
  }

  /**
   * @param {string} conversationId
   * @param {string} key
   */
  discardPending(conversationId, key) {
    const conv = this.conversations.get(conversationId);
    if (conv) conv.pending = conv.pending.filter((p) => p.key !== key);
  }

  // ---- receipts, typing, presence -----------------------------------------------------------------------------

  /**
   * Takes a ReceiptUpdate push: a member's marks moved (mine too, from another device). Marks never go back.
   * @param {Record<string, any>} update proto3 JSON ReceiptUpdate
   */
  applyReceipt(update) {
    const conv = this.conversations.get(str(update.conversationId));
    if (!conv) return;
    const userId = id(update.userId);
    const seen = num(update.seenSeq);
    const delivered = Math.max(num(update.deliveredSeq), seen);
    if (userId === this.userId) {
      this.setMyMarks(conv.id, 'DELIVERED', delivered);
      this.setMyMarks(conv.id, 'SEEN', seen);
      return;
    }
    let member = conv.members.get(userId);
    if (!member) {
      if (conv.kind !== 'DIRECT' || userId !== conv.peerId) return; // not a member we know of
      member = { userId, role: 'MEMBER', deliveredSeq: 0, seenSeq: 0 };
      conv.members.set(userId, member);
    }
    member.deliveredSeq = Math.max(member.deliveredSeq, delivered);
    member.seenSeq = Math.max(member.seenSeq, seen);
  }

  /**
   * Moves my own marks forward (after sending a receipt, or when another device did).
   * @param {string} conversationId
   * @param {'DELIVERED'|'SEEN'} kind
   * @param {number} seq
   */
  setMyMarks(conversationId, kind, seq) {
    const conv = this.conversations.get(conversationId);
    if (!conv) return;
    conv.myDeliveredSeq = Math.max(conv.myDeliveredSeq, seq);
    if (kind === 'SEEN') conv.mySeenSeq = Math.max(conv.mySeenSeq, seq);
    const mine = conv.members.get(this.userId); // my own row in the group panel
    if (mine) {
      mine.deliveredSeq = Math.max(mine.deliveredSeq, conv.myDeliveredSeq);
      mine.seenSeq = Math.max(mine.seenSeq, conv.mySeenSeq);
    }
  }

  /**
   * Takes a TypingUpdate push. My own typing (from another device) is not shown.
   * @param {Record<string, any>} update proto3 JSON TypingUpdate
   * @param {number} nowMs
   */
  applyTyping(update, nowMs) {
    const userId = id(update.userId);
    if (userId === this.userId) return;
    const conv = this.conversations.get(str(update.conversationId));
    if (!conv) return;
    if (update.typing === true) conv.typing.set(userId, nowMs + TYPING_TTL_MS);
    else conv.typing.delete(userId);
  }

  /**
   * Who is typing in a conversation now; forgets expired indicators.
   * @param {string} conversationId
   * @param {number} nowMs
   * @returns {string[]} user IDs
   */
  typingUsers(conversationId, nowMs) {
    const conv = this.conversations.get(conversationId);
    if (!conv) return [];
    for (const [userId, until] of conv.typing) if (until <= nowMs) conv.typing.delete(userId);
    return [...conv.typing.keys()];
  }

  /**
   * The earliest expiry among the typing indicators, or 0 if none.
   * @returns {number}
   */
  nextTypingExpiry() {
    let next = 0;
    for (const conv of this.conversations.values()) {
      for (const until of conv.typing.values()) if (next === 0 || until < next) next = until;
    }
    return next;
  }

  /**
   * Takes a PresenceUpdate push.
   * @param {Record<string, any>} update proto3 JSON PresenceUpdate
   */
  applyPresence(update) {
    const userId = id(update.userId);
    // HIDDEN: the server does not let us see this user's presence (privacy or a block): show nothing at all.
    if (str(update.status) === 'HIDDEN') {
      this.presence.delete(userId);
      return;
    }
    this.presence.set(userId, { status: str(update.status) || 'OFFLINE', lastSeenMs: num(update.lastSeenMs) });
  }

  // ---- views ---------------------------------------------------------------------------------------------------

  /**
   * The held messages and system events of a conversation in seq order (edits, deletes and reactions are applied
   * to their targets, so they are not listed).
   * @param {string} conversationId
   * @returns {Entry[]}
   */
  timeline(conversationId) {
    const conv = this.conversations.get(conversationId);
    if (!conv || !conv.loaded || conv.high === 0) return [];
    const out = [];
    for (let seq = conv.low; seq <= conv.high; seq += 1) {
      const entry = conv.entries.get(seq);
      if (entry && (entry.type === 'message' || entry.type === 'system')) out.push(entry);
    }
    return out;
  }

  /**
   * The pending messages still to show (not yet replaced by their event).
   * @param {string} conversationId
   * @returns {Pending[]}
   */
  pendingOf(conversationId) {
    const conv = this.conversations.get(conversationId);
    if (!conv) return [];
    return conv.pending.filter((p) => !(p.seq > 0 && p.seq <= conv.high && conv.entries.get(p.seq)?.type === 'message'));
  }

  /**
   * Messages from others after my seen mark, not deleted: counted from the window when it reaches back to the
   * mark, else the list's count plus what arrived since.
   * @param {string} conversationId
   * @returns {number}
   */
  unread(conversationId) {
    const conv = this.conversations.get(conversationId);
    if (!conv || conv.mySeenSeq >= conv.lastSeq) return 0;
    const countFrom = (/** @type {number} */ after) => {
      let n = 0;
      for (let seq = Math.max(after + 1, conv.low); seq <= conv.high; seq += 1) {
        const e = conv.entries.get(seq);
        if (e && e.type === 'message' && !e.deleted && e.actor !== this.userId) n += 1;
      }
      return n;
    };
    if (!conv.loaded || conv.high === 0) return conv.unreadBase + conv.unloadedForeign;
    if (conv.low <= conv.mySeenSeq + 1) return countFrom(conv.mySeenSeq);
    return conv.unreadBase + countFrom(Math.max(conv.unreadBaseSeq, conv.mySeenSeq));
  }

  /**
   * The latest message of a conversation as it is now, for the list; a pending message counts.
   * @param {string} conversationId
   * @returns {{text: string, actor: string, deleted: boolean, supported: boolean, atMs: number, pending: boolean} | null}
   */
  preview(conversationId) {
    const conv = this.conversations.get(conversationId);
    if (!conv) return null;
    const last = conv.pending[conv.pending.length - 1];
    if (last && this.pendingOf(conversationId).includes(last)) {
      return { text: last.text, actor: this.userId, deleted: false, supported: true, atMs: last.createdAtMs, pending: true };
    }
    let found = null;
    if (conv.loaded) {
      for (let seq = conv.high; seq >= conv.low && seq > 0; seq -= 1) {
        const e = conv.entries.get(seq);
        if (e && e.type === 'message') {
          found = e;
          break;
        }
      }
    }
    if (!found || (conv.summaryPreview && conv.summaryPreview.seq > found.seq)) found = conv.summaryPreview ?? found;
    if (!found) return null;
    return { text: found.text, actor: found.actor, deleted: found.deleted, supported: found.supported, atMs: found.atMs, pending: false };
  }

  /**
   * The conversations to list: pinned first (latest pin first), then the most recently active. A direct
   * conversation never written to is listed only once opened on this page (as WhatsApp and Telegram do).
   * @param {{archived?: boolean}} [filter] only the archived ones, or only the others; all when absent
   * @returns {Conversation[]}
   */
  listedConversations(filter = {}) {
    return [...this.conversations.values()]
      .filter((c) => (c.lastSeq > 0 || c.pending.length > 0 || c.kind === 'GROUP' || c.opened))
      .filter((c) => filter.archived === undefined || c.archived === filter.archived)
      .sort((a, b) => (b.pinnedAtMs > 0 ? 1 : 0) - (a.pinnedAtMs > 0 ? 1 : 0) || b.pinnedAtMs - a.pinnedAtMs
        || b.lastActivityMs - a.lastActivityMs || b.lastSeq - a.lastSeq || (a.id < b.id ? -1 : 1));
  }

  /**
   * Where the "unread messages" divider goes when a conversation is opened: the first message from someone else
   * after my seen mark, if the window holds it.
   * @param {string} conversationId
   * @param {number} seenSeq my seen mark when the conversation was opened
   * @returns {number} its seq, 0 when there is nothing unread
   */
  firstUnreadSeq(conversationId, seenSeq) {
    const conv = this.conversations.get(conversationId);
    if (!conv || !conv.loaded || conv.high <= seenSeq) return 0;
    for (let seq = Math.max(seenSeq + 1, conv.low); seq <= conv.high; seq += 1) {
      const e = conv.entries.get(seq);
      if (e && e.type === 'message' && !e.deleted && e.actor !== this.userId) return seq;
    }
    return 0;
  }

  /**
   * Whether the window reaches back to just after `seenSeq`, so every unread message is held.
   * @param {string} conversationId
   * @param {number} seenSeq
   */
  holdsAllAfter(conversationId, seenSeq) {
    const conv = this.conversations.get(conversationId);
    return Boolean(conv && conv.loaded && (conv.low <= seenSeq + 1 || conv.low <= 1 || !conv.hasOlder));
  }

  /**
   * The held messages whose text contains the query (case- and accent-insensitive), oldest first.
   * @param {string} conversationId
   * @param {string} query
   * @returns {number[]} their seqs
   */
  searchMessages(conversationId, query) {
    const needle = fold(query.trim());
    if (!needle) return [];
    return this.timeline(conversationId)
      .filter((e) => e.type === 'message' && !e.deleted && fold(e.text).includes(needle))
      .map((e) => e.seq);
  }

  /**
   * For browser tests: the held window of every conversation.
   * @returns {Record<string, {low: number, high: number, lastSeq: number, seqs: number[], pending: number}>}
   */
  windows() {
    /** @type {Record<string, {low: number, high: number, lastSeq: number, seqs: number[], pending: number}>} */
    const out = {};
    for (const conv of this.conversations.values()) {
      const seqs = [];
      if (conv.high > 0) for (let seq = conv.low; seq <= conv.high; seq += 1) if (conv.entries.has(seq)) seqs.push(seq);
      out[conv.id] = { low: conv.low, high: conv.high, lastSeq: conv.lastSeq, seqs, pending: conv.pending.length };
    }
    return out;
  }
}
