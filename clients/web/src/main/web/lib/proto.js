// Reading canonical proto3 JSON. The server omits fields holding their default value, sends int64 as strings and
// enums by name, so every read goes through these helpers: a missing field reads as 0, "", false or [].

/**
 * An int64 or int32 field that stays within 2^53 (sequence numbers, counts, times) as a Number; 0 when absent.
 * @param {unknown} value
 * @returns {number}
 */
export function num(value) {
  if (value === undefined || value === null || value === '') return 0;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : 0;
}

/**
 * A 64-bit ID field as a decimal string; "0" when absent.
 * @param {unknown} value
 * @returns {string}
 */
export function id(value) {
  if (value === undefined || value === null || value === '') return '0';
  return String(value);
}

/**
 * A string field; "" when absent.
 * @param {unknown} value
 * @returns {string}
 */
export function str(value) {
  return typeof value === 'string' ? value : '';
}

/**
 * A repeated field; [] when absent.
 * @template T
 * @param {T[] | undefined | null} value
 * @returns {T[]}
 */
export function list(value) {
  return Array.isArray(value) ? value : [];
}

/**
 * Which member of a oneof is set, among the given names.
 * @param {Record<string, unknown>} message
 * @param {readonly string[]} names
 * @returns {string} the name, or "" if none is set
 */
export function oneofCase(message, names) {
  for (const name of names) {
    if (message[name] !== undefined && message[name] !== null) return name;
  }
  return '';
}

/** The kinds of a ServerFrame, as named in proto3 JSON. */
export const SERVER_FRAME_KINDS = Object.freeze([
  'welcome', 'accepted', 'error', 'event', 'conversations', 'sync', 'history', 'receipt', 'typing', 'presence',
  'pong', 'ok', 'prefs', 'contact', 'reconnect',
]);

/** The bodies of an Event, as named in proto3 JSON. */
export const EVENT_BODIES = Object.freeze([
  'message', 'edited', 'deleted', 'reaction', 'groupCreated', 'groupRenamed', 'membersAdded', 'memberRemoved',
  'memberLeft', 'roleChanged',
]);

/** ServerFrame kinds the server pushes on its own; they are handled as pushes even when they carry a request ID. */
export const PUSH_KINDS = Object.freeze(new Set(['event', 'receipt', 'typing', 'presence', 'prefs', 'contact']));
