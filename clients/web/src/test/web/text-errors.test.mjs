// Words people read: links, the character count, error wording by code, registration checks, initials, and where
// a menu is placed on a small screen.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { errorText, registrationErrors } from '../../main/web/lib/errors.js';
import { charCount, linkify, safeHref } from '../../main/web/lib/text.js';
import { initials, senderColour } from '../../main/web/ui/common.js';
import { place } from '../../main/web/ui/menu.js';

describe('links', () => {
  test('should make http and https links, leaving trailing punctuation out', () => {
    assert.deepEqual(linkify('See https://example.com/a?b=1, then (www.example.org).'), [
      { text: 'See ' },
      { text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { text: ', then (' },
      { text: 'www.example.org', href: 'https://www.example.org/' },
      { text: ').' },
    ]);
  });

  test('should never link other schemes', () => {
    assert.deepEqual(linkify('javascript:alert(1) data:text/html,x'), [{ text: 'javascript:alert(1) data:text/html,x' }]);
    assert.equal(safeHref('javascript:alert(1)'), '');
    assert.equal(safeHref('ftp://example.com'), '');
  });
});

describe('character count', () => {
  test('should show near the limit only, counting code points like the server', () => {
    assert.deepEqual(charCount('hello', 4096), { length: 5, remaining: 4091, visible: false, over: false });
    assert.equal(charCount('x'.repeat(3700), 4096).visible, true);
    assert.deepEqual(charCount('😀'.repeat(4097), 4096), { length: 4097, remaining: -1, visible: true, over: true });
  });
});

describe('error wording', () => {
  test('should map stable codes to product words and never show the server message', () => {
    const server = { code: 'INVALID_ARGUMENT', message: "username: 'al' (expected: 3..32 characters)" };
    assert.equal(errorText(server, 'register'), 'Some details were not accepted. Check them and try again.');
    assert.equal(errorText({ code: 'USERNAME_TAKEN', message: 'username: alice is taken' }, 'register'),
      'That username is taken. Try another one.');
    assert.equal(errorText({ code: 'NOT_ALLOWED' }), 'Only the group owner or an admin can do that.');
    assert.equal(errorText({ code: 'WEAK_PASSWORD', message: 'password: too easy to guess' }, 'register'),
      'That password is too easy to guess. Try a few unrelated words.');
    assert.equal(errorText({ code: 'PRIVACY_RESTRICTED' }, 'send'), 'Their privacy settings do not allow that.');
    assert.equal(errorText({ code: 'TEXT_TOO_LONG' }, 'send', { maxTextLength: 4096 }),
      'This message is too long. Keep it under 4,096 characters.');
    assert.equal(errorText({ code: 'SOMETHING_NEW' }), 'Something went wrong. Try again.');
    assert.equal(errorText(new Error('boom')), 'Something went wrong. Try again.');
  });

  test('should check every registration field at once', () => {
    assert.deepEqual(registrationErrors({ username: 'al', password: 'short', displayName: 'x'.repeat(65) }), {
      username: 'Use at least 3 characters.',
      password: 'Use at least 8 characters.',
      displayName: 'Use at most 64 characters.',
    });
    assert.deepEqual(registrationErrors({ username: 'al ice!', password: 'correct horse', displayName: '' }),
      { username: 'Use only letters, digits and . _ -' });
    assert.deepEqual(registrationErrors({ username: 'alice', password: 'correct horse', displayName: 'Alice 🦄' }), {});
  });
});

describe('avatars and senders', () => {
  test('should take initials from letters and digits, never emoji', () => {
    assert.equal(initials('🎉 Lunch crew'), 'LC');
    assert.equal(initials('🎉🎉'), '#');
    assert.equal(initials('نورة الشمري'), 'نا');
    assert.equal(initials('ada'), 'A');
  });

  test('should give up to eight group members colours of their own', () => {
    const members = ['11', '12', '13', '14', '15', '16', '17', '18'];
    assert.equal(new Set(members.map((m) => senderColour(m, members))).size, 8);
  });
});

describe('menu placement', () => {
  const viewport = { width: 390, height: 844 };
  const rect = (/** @type {number} */ left, /** @type {number} */ top, /** @type {number} */ width, /** @type {number} */ height) =>
    /** @type {DOMRect} */ ({ left, top, right: left + width, bottom: top + height, width, height });

  test('should open below and end-aligned, but stay inside a phone screen', () => {
    assert.deepEqual(place(rect(300, 100, 30, 30), { width: 200, height: 150 }, viewport), { left: 130, top: 134 });
    assert.deepEqual(place(rect(10, 100, 30, 30), { width: 200, height: 150 }, viewport), { left: 10, top: 134 });
    assert.deepEqual(place(rect(100, 800, 30, 30), { width: 200, height: 150 }, viewport), { left: 100, top: 646 });
    assert.deepEqual(place(rect(0, 0, 30, 30), { width: 380, height: 150 }, viewport), { left: 8, top: 34 });
  });
});
