// What people read when something goes wrong. The server's error codes are stable (docs/protocol.md section 11);
// its messages are for developers and may change, so the UI never shows or parses them: it maps the code, in the
// context of what the person was doing, to product wording. Registration is checked here first against the
// documented rules (section 13), every field at once, so most mistakes never reach the server.

/** @typedef {'send'|'edit'|'delete'|'react'|'group'|'members'|'prefs'|'register'|'login'|'search'|'other'} Action */

/** @type {Record<string, string>} */
const BY_CODE = {
  UNAVAILABLE: 'Cellchat is busy right now. Try again in a moment.',
  TIMEOUT: 'Cellchat did not answer in time. Try again.',
  INTERNAL: 'Something went wrong on our side. Try again in a moment.',
  RATE_LIMITED: 'You are doing that too fast. Wait a moment and try again.',
  CONVERSATION_NOT_FOUND: 'This conversation no longer exists.',
  NOT_A_MEMBER: 'You are no longer a member of this conversation.',
  MESSAGE_NOT_FOUND: 'That message no longer exists.',
  NOT_YOUR_MESSAGE: 'You can only change your own messages.',
  NOT_ALLOWED: 'Only the group owner or an admin can do that.',
  TEXT_EMPTY: 'Write something first.',
  GROUP_FULL: 'The group is full.',
  MESSAGE_DELETED: 'That message was deleted.',
  USER_NOT_FOUND: 'That person no longer has an account.',
  NOT_A_GROUP: 'That only works in groups.',
  USERNAME_TAKEN: 'That username is taken. Try another one.',
  INVALID_CREDENTIALS: 'Wrong username or password.',
  UNAUTHENTICATED: 'Your session has expired. Please sign in again.',
  PRIVACY_RESTRICTED: 'Their privacy settings do not allow that.',
  WEAK_PASSWORD: 'That password is too easy to guess. Try a few unrelated words.',
  SESSION_NOT_FOUND: 'That device is already signed out.',
};

/** @type {Partial<Record<Action, string>>} */
const INVALID_BY_ACTION = {
  send: 'This message could not be sent.',
  edit: 'This change could not be saved.',
  react: 'That reaction could not be added.',
  group: 'Check the group name and try again.',
  members: 'Those people could not be added.',
  prefs: 'That setting could not be changed. You can pin up to 5 chats.',
  register: 'Some details were not accepted. Check them and try again.',
  login: 'Wrong username or password.',
};

/**
 * Product wording for a failure.
 * @param {{code?: string, status?: number} | unknown} error an ApiError, a ServerError, or anything thrown
 * @param {Action} [action] what the person was doing
 * @param {{maxTextLength?: number}} [limits]
 * @returns {string}
 */
export function errorText(error, action = 'other', limits = {}) {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'TEXT_TOO_LONG') {
    return `This message is too long. Keep it under ${(limits.maxTextLength ?? 4096).toLocaleString('en')} characters.`;
  }
  if (code === 'INVALID_ARGUMENT' || code === 'MALFORMED_FRAME' || code === 'FRAME_TOO_LARGE'
      || code === 'IDEMPOTENCY_KEY_REUSED' || code === 'UNKNOWN_FRAME_TYPE') {
    return INVALID_BY_ACTION[action] ?? 'That did not work. Try again.';
  }
  if (code === 'UNAVAILABLE' && typeof error === 'object' && error !== null && 'status' in error && error.status === 0) {
    return 'Cannot reach Cellchat. Check your connection and try again.';
  }
  return BY_CODE[code] ?? 'Something went wrong. Try again.';
}

const USERNAME = /^[A-Za-z0-9_.-]{3,32}$/;
// Control characters, as the server refuses them in names (C0, DEL, C1).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks a registration form against the documented rules, every field at once.
 * @param {{username: string, password: string, displayName: string}} form
 * @returns {{username?: string, password?: string, displayName?: string}} an error per field; empty when fine
 */
export function registrationErrors({ username, password, displayName }) {
  /** @type {{username?: string, password?: string, displayName?: string}} */
  const errors = {};
  const name = username.trim();
  if (!name) errors.username = 'Choose a username.';
  else if (name.length < 3) errors.username = 'Use at least 3 characters.';
  else if (name.length > 32) errors.username = 'Use at most 32 characters.';
  else if (!USERNAME.test(name)) errors.username = 'Use only letters, digits and . _ -';
  const passwordLength = [...password].length;
  if (passwordLength === 0) errors.password = 'Choose a password.';
  else if (passwordLength < 8) errors.password = 'Use at least 8 characters.';
  else if (passwordLength > 128) errors.password = 'Use at most 128 characters.';
  const display = displayName.trim();
  if ([...display].length > 64) errors.displayName = 'Use at most 64 characters.';
  else if (CONTROL.test(display)) errors.displayName = 'Remove the special characters.';
  return errors;
}
