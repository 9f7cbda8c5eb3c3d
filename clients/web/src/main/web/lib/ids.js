// Identifiers. User IDs are 64-bit snowflakes: they travel as decimal strings (proto3 JSON int64) and exceed 2^53,
// so they stay strings here and are compared as BigInt, never as Number.

/**
 * The deterministic ID of the direct conversation between two users: "d:<lower id>:<higher id>", compared as
 * 64-bit numbers.
 * @param {string} a a user ID
 * @param {string} b another user ID
 * @returns {string}
 */
export function directConversationId(a, b) {
  const x = BigInt(a);
  const y = BigInt(b);
  return x <= y ? `d:${x}:${y}` : `d:${y}:${x}`;
}

/**
 * Whether a conversation ID names a direct (one-to-one) conversation.
 * @param {string} conversationId
 */
export function isDirectId(conversationId) {
  return conversationId.startsWith('d:');
}

/**
 * The other member of a direct conversation, or "" if the ID is not a direct one with `me` in it.
 * @param {string} conversationId
 * @param {string} me
 * @returns {string}
 */
export function directPeerId(conversationId, me) {
  const parts = conversationId.split(':');
  if (parts.length !== 3 || parts[0] !== 'd') return '';
  if (parts[1] === me) return parts[2];
  if (parts[2] === me) return parts[1];
  return '';
}

/**
 * Compares two 64-bit IDs given as decimal strings.
 * @param {string} a
 * @param {string} b
 * @returns {number} negative, zero or positive
 */
export function compareIds(a, b) {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

let counter = 0;

/**
 * A request ID unique within this page: a counter plus a random suffix (the protocol allows up to 64 characters).
 * @param {() => number} [random]
 * @returns {string}
 */
export function newRequestId(random = Math.random) {
  counter += 1;
  return `r${counter.toString(36)}-${Math.floor(random() * 2 ** 32).toString(36)}`;
}

/**
 * A fresh idempotency key for a command.
 * @returns {string}
 */
export function newIdempotencyKey() {
  return globalThis.crypto.randomUUID();
}
