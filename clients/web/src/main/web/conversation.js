// The data of one conversation as the client holds it, and what each kind of Event does to it. Pure functions used
// by chat-state.js; see there for how windows are kept gap-free and why messages carry `stateSeq`.

import { directPeerId, isDirectId } from './lib/ids.js';
import { EVENT_BODIES, id, list, num, oneofCase, str } from './lib/proto.js';

/**
 * @typedef {{emoji: string, userIds: string[]}} Reaction
 *
 * @typedef {object} Entry One event of the window.
 * @property {number} seq
 * @property {string} eventId
 * @property {string} actor user ID of who caused it
 * @property {number} atMs server time
 * @property {'message'|'edited'|'deleted'|'reaction'|'system'} type
 * @property {string} text message text; "" when deleted or unsupported
 * @property {boolean} supported whether this client can show the body (v1: text only)
 * @property {number} replyToSeq
 * @property {string} idempotencyKey
 * @property {number} editedAtMs
 * @property {boolean} deleted
 * @property {Reaction[]} reactions
 * @property {number} stateSeq the latest seq whose effect this message's state shows
 * @property {string} systemKind for system events: the Event body name (groupCreated, membersAdded, ...)
 * @property {Record<string, any>} body the raw Event body
 *
 * @typedef {object} Member
 * @property {string} userId
 * @property {string} role MEMBER, ADMIN or OWNER
 * @property {number} deliveredSeq
 * @property {number} seenSeq
 *
 * @typedef {object} Pending A message sent by this device that its event has not replaced yet.
 * @property {string} key idempotency key, reused on every retry
 * @property {string} text
 * @property {number} replyToSeq
 * @property {'pending'|'sent'|'failed'} status pending until accepted; sent once accepted (seq known)
 * @property {number} seq 0 until accepted
 * @property {number} createdAtMs
 * @property {string} error why it failed
 *
 * @typedef {object} Conversation
 * @property {string} id
 * @property {'DIRECT'|'GROUP'} kind
 * @property {string} title group title ("" for direct)
 * @property {string} peerId for direct: the other user
 * @property {number} lastSeq latest sequence number known to exist
 * @property {number} lastActivityMs
 * @property {string} role my role, from the conversation list
 * @property {number} memberCount
 * @property {boolean} loaded whether the window has been initialised (history or sync)
 * @property {number} low first held seq (0 while the window is empty)
 * @property {number} high last held seq: everything in [low..high] is held
 * @property {boolean} hasOlder whether events before low exist
 * @property {Map<number, Entry>} entries
 * @property {Pending[]} pending
 * @property {Map<string, Member>} members
 * @property {number} metaSeq the latest seq the members and title reflect
 * @property {number} myDeliveredSeq
 * @property {number} mySeenSeq
 * @property {number} unreadBase the unread count of the last conversation list
 * @property {number} unreadBaseSeq the lastSeq that count was taken at
 * @property {number} unloadedForeign messages from others seen live while the window was not loaded
 * @property {number} unloadedCountedSeq
 * @property {Entry|null} summaryPreview the latest message from the list or live events, for unloaded windows
 * @property {Map<string, number>} typing user ID to expiry time (ms)
 * @property {boolean} removed I left or was removed
 * @property {number} pinnedAtMs my settings (synced through the server): when I pinned it, 0 when not pinned
 * @property {boolean} archived
 * @property {number} mutedUntilMs 0 when not muted; MUTED_FOREVER until unmuted
 * @property {boolean} opened a direct chat opened on this page before its first message: listed anyway
 */

/** muted_until_ms of a conversation muted until unmuted (the largest int64, as the protocol says). */
export const MUTED_FOREVER = '9223372036854775807';

/**
 * @param {string} conversationId
 * @param {string} me
 * @returns {Conversation}
 */
export function newConversation(conversationId, me) {
  const direct = isDirectId(conversationId);
  return {
    id: conversationId,
    kind: direct ? 'DIRECT' : 'GROUP',
    title: '',
    peerId: direct ? directPeerId(conversationId, me) : '',
    lastSeq: 0,
    lastActivityMs: 0,
    role: '',
    memberCount: 0,
    loaded: false,
    low: 0,
    high: 0,
    hasOlder: false,
    entries: new Map(),
    pending: [],
    members: new Map(),
    metaSeq: 0,
    myDeliveredSeq: 0,
    mySeenSeq: 0,
    unreadBase: 0,
    unreadBaseSeq: 0,
    unloadedForeign: 0,
    unloadedCountedSeq: 0,
    summaryPreview: null,
    typing: new Map(),
    removed: false,
    pinnedAtMs: 0,
    archived: false,
    mutedUntilMs: 0,
    opened: false,
  };
}

/**
 * Builds the window entry of an Event.
 * @param {Record<string, any>} event proto3 JSON Event
 * @param {number} stateSeq what the message state reflects (its own seq when live)
 * @returns {Entry}
 */
export function toEntry(event, stateSeq) {
  const seq = num(event.seq);
  const bodyName = oneofCase(event, EVENT_BODIES);
  const body = bodyName ? event[bodyName] ?? {} : {};
  /** @type {Entry} */
  const entry = {
    seq,
    eventId: id(event.eventId),
    actor: id(event.actor),
    atMs: num(event.atMs),
    type: 'system',
    text: '',
    supported: true,
    replyToSeq: 0,
    idempotencyKey: '',
    editedAtMs: 0,
    deleted: false,
    reactions: [],
    stateSeq: Math.max(seq, stateSeq),
    systemKind: '',
    body,
  };
  if (bodyName === 'message') {
    entry.type = 'message';
    entry.deleted = body.deleted === true;
    entry.supported = entry.deleted || typeof body.body?.text === 'string';
    entry.text = entry.deleted ? '' : str(body.body?.text);
    entry.replyToSeq = num(body.replyToSeq);
    entry.idempotencyKey = str(body.idempotencyKey);
    entry.editedAtMs = num(body.editedAtMs);
    entry.reactions = list(body.reactions)
      .map((r) => ({ emoji: str(r.emoji), userIds: list(r.userIds).map(id) }))
      .filter((r) => r.emoji && r.userIds.length > 0);
  } else if (bodyName === 'edited' || bodyName === 'deleted' || bodyName === 'reaction') {
    entry.type = bodyName;
  } else {
    entry.systemKind = bodyName || 'unknown';
  }
  return entry;
}

/**
 * Sets or clears one user's reaction on a message.
 * @param {Entry} message
 * @param {string} emoji
 * @param {string} userId
 * @param {boolean} added
 */
export function setReaction(message, emoji, userId, added) {
  let reaction = message.reactions.find((r) => r.emoji === emoji);
  if (added) {
    if (!reaction) {
      reaction = { emoji, userIds: [] };
      message.reactions = [...message.reactions, reaction];
    }
    if (!reaction.userIds.includes(userId)) reaction.userIds = [...reaction.userIds, userId];
  } else if (reaction) {
    reaction.userIds = reaction.userIds.filter((u) => u !== userId);
    if (reaction.userIds.length === 0) message.reactions = message.reactions.filter((r) => r !== reaction);
  }
}

/**
 * Applies an edit, delete or reaction event to a message whose state does not yet reflect it.
 * @param {Entry} target
 * @param {Entry} change
 */
export function applyChange(target, change) {
  if (target.type !== 'message' || change.seq <= target.stateSeq) return;
  target.stateSeq = change.seq;
  if (change.type === 'edited') {
    if (target.deleted) return;
    target.text = str(change.body.body?.text);
    target.supported = typeof change.body.body?.text === 'string';
    target.editedAtMs = change.atMs;
  } else if (change.type === 'deleted') {
    target.deleted = true;
    target.text = '';
    target.reactions = [];
  } else if (change.type === 'reaction') {
    setReaction(target, str(change.body.emoji), change.actor, change.body.added === true);
  }
}

/**
 * @param {Record<string, any>} m proto3 JSON Member
 * @returns {Member}
 */
export function toMember(m) {
  const seenSeq = num(m.seenSeq);
  return {
    userId: id(m.userId),
    role: str(m.role) || 'MEMBER',
    deliveredSeq: Math.max(num(m.deliveredSeq), seenSeq),
    seenSeq,
  };
}

/**
 * Applies a membership or title event (GroupCreated, MembersAdded, MemberRemoved, MemberLeft, GroupRenamed,
 * RoleChanged) to the conversation. The caller applies it only past the conversation's metaSeq.
 * @param {Conversation} conv
 * @param {Entry} entry a system event
 * @param {string} me the signed-in user
 */
export function applyMembership(conv, entry, me) {
  const b = entry.body;
  const addAll = (/** @type {any[]} */ members) => {
    for (const m of list(members).map(toMember)) {
      const old = conv.members.get(m.userId);
      conv.members.set(m.userId, old ? { ...old, role: m.role } : m);
      if (m.userId === me) {
        conv.removed = false;
        conv.role = m.role;
      }
    }
  };
  const drop = (/** @type {string} */ userId) => {
    conv.members.delete(userId);
    if (userId === me) conv.removed = true;
  };
  switch (entry.systemKind) {
    case 'groupCreated':
      conv.kind = 'GROUP';
      conv.title = str(b.title);
      conv.members = new Map();
      addAll(b.members);
      break;
    case 'groupRenamed':
      conv.title = str(b.title);
      break;
    case 'membersAdded':
      addAll(b.members);
      break;
    case 'memberRemoved':
      drop(id(b.userId));
      break;
    case 'memberLeft':
      drop(id(b.userId));
      break;
    case 'roleChanged': {
      const userId = id(b.userId);
      const role = str(b.role) || 'MEMBER';
      const member = conv.members.get(userId);
      if (member) member.role = role;
      if (userId === me) conv.role = role;
      // Handing over ownership makes the previous owner an admin.
      if (role === 'OWNER' && entry.actor !== userId) {
        const previous = conv.members.get(entry.actor);
        if (previous) previous.role = 'ADMIN';
        if (entry.actor === me) conv.role = 'ADMIN';
      }
      break;
    }
    default:
      return;
  }
  if (conv.members.size > 0) conv.memberCount = conv.members.size;
}
