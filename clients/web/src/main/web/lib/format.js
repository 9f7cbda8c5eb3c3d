// Text shown to people: names, titles, times, system lines, previews. Pure, so node tests it.

/**
 * @typedef {import('../chat-state.js').ChatState} ChatState
 * @typedef {import('../chat-state.js').Conversation} Conversation
 * @typedef {import('../chat-state.js').Entry} Entry
 */

/**
 * A user's display name, else their username, else "User <id>".
 * @param {ChatState} state
 * @param {string} userId
 * @returns {string}
 */
export function displayName(state, userId) {
  const p = state.profiles.get(userId);
  return p?.displayName || p?.username || `User ${userId}`;
}

/**
 * "You" for me, else the display name.
 * @param {ChatState} state
 * @param {string} userId
 */
export function nameOrYou(state, userId) {
  return userId === state.userId ? 'You' : displayName(state, userId);
}

/**
 * The group title, or the peer's name for a direct conversation.
 * @param {ChatState} state
 * @param {Conversation} conv
 * @returns {string}
 */
export function conversationTitle(state, conv) {
  if (conv.kind === 'GROUP') return conv.title || 'Untitled group';
  return conv.peerId ? displayName(state, conv.peerId) : 'Direct chat';
}

/** @param {number} n */
const two = (n) => String(n).padStart(2, '0');

/**
 * @param {number} ms
 * @returns {string} HH:MM in local time
 */
export function formatTime(ms) {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "Today", "Yesterday", or "3 Mar" (with the year when not this year).
 * @param {number} ms
 * @param {number} nowMs
 */
export function formatDay(ms, nowMs) {
  const d = new Date(ms);
  const now = new Date(nowMs);
  const startOf = (/** @type {Date} */ x) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const days = Math.round((startOf(now) - startOf(d)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  const base = `${d.getDate()} ${MONTHS[d.getMonth()]}`;
  return d.getFullYear() === now.getFullYear() ? base : `${base} ${d.getFullYear()}`;
}

/**
 * Whether two times fall on the same local day.
 * @param {number} a
 * @param {number} b
 */
export function sameDay(a, b) {
  const x = new Date(a);
  const y = new Date(b);
  return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
}

/**
 * The list's time column: HH:MM today, else the day.
 * @param {number} ms
 * @param {number} nowMs
 */
export function formatListTime(ms, nowMs) {
  if (!ms) return '';
  return sameDay(ms, nowMs) ? formatTime(ms) : formatDay(ms, nowMs);
}

/**
 * "last seen just now / 5 min ago / today at 14:02 / yesterday at 09:10 / 3 Mar at 18:00"; "" when unknown.
 * @param {number} lastSeenMs
 * @param {number} nowMs
 */
export function lastSeenText(lastSeenMs, nowMs) {
  if (!lastSeenMs) return '';
  const minutes = Math.floor((nowMs - lastSeenMs) / 60_000);
  if (minutes < 1) return 'last seen just now';
  if (minutes < 60) return `last seen ${minutes} min ago`;
  const day = formatDay(lastSeenMs, nowMs);
  return `last seen ${day === 'Today' || day === 'Yesterday' ? day.toLowerCase() : day} at ${formatTime(lastSeenMs)}`;
}

/** @type {Record<string, string>} */
const ROLE_NAMES = { OWNER: 'owner', ADMIN: 'admin', MEMBER: 'member' };

/**
 * @param {string} role
 * @returns {string}
 */
export function roleName(role) {
  return ROLE_NAMES[role] ?? 'member';
}

/**
 * The centred line for a system event ("Alice added Bob and Carol").
 * @param {Entry} entry
 * @param {(userId: string) => string} nameOf "You" for me, else a name
 * @returns {string}
 */
export function systemText(entry, nameOf) {
  const b = entry.body ?? {};
  const actor = nameOf(entry.actor);
  // "You" as the subject, "you" as the object.
  const object = (/** @type {unknown} */ userId) => {
    const name = nameOf(String(userId ?? '0'));
    return name === 'You' ? 'you' : name;
  };
  const names = (/** @type {any[]} */ members) => joinNames((members ?? []).map((m) => object(m.userId)));
  switch (entry.systemKind) {
    case 'groupCreated':
      return `${actor} created the group “${b.title ?? ''}”`;
    case 'groupRenamed':
      return `${actor} renamed the group to “${b.title ?? ''}”`;
    case 'membersAdded':
      return `${actor} added ${names(b.members)}`;
    case 'memberRemoved':
      return `${actor} removed ${object(b.userId)}`;
    case 'memberLeft':
      return `${nameOf(String(b.userId ?? entry.actor))} left`;
    case 'roleChanged':
      return `${actor} made ${object(b.userId)} ${b.role === 'OWNER' ? 'the owner' : b.role === 'ADMIN' ? 'an admin' : 'a member'}`;
    default:
      return 'This event needs a newer version of Cellchat';
  }
}

/**
 * "A", "A and B", "A, B and C".
 * @param {string[]} names
 */
export function joinNames(names) {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The typing line: "Alice is typing…", "Alice and Bob are typing…", "3 people are typing…".
 * @param {string[]} names
 */
export function typingText(names) {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}

/**
 * The list's preview line of the latest message.
 * @param {{text: string, actor: string, deleted: boolean, supported: boolean} | null} preview
 * @param {(userId: string) => string} nameOf the sender's name, "" while unknown
 * @param {string} me
 * @param {boolean} group whether to prefix the sender
 */
export function previewText(preview, nameOf, me, group) {
  if (!preview) return '';
  const body = preview.deleted ? 'Message deleted' : preview.supported ? preview.text.replace(/\s+/g, ' ') : 'Unsupported message';
  if (preview.actor === me) return `You: ${body}`;
  const sender = group ? nameOf(preview.actor) : '';
  return sender ? `${sender}: ${body}` : body; // a sender whose name is not known yet: no prefix, never an ID
}
