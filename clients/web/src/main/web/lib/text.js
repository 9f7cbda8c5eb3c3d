// Message text helpers: links found in text, and the live character count near the limit. Pure, so node tests them.

/**
 * A piece of message text: plain, or a link that is safe to open (http or https only).
 * @typedef {{text: string, href?: string}} Segment
 */

// A URL starting with http(s):// or www., up to whitespace; trailing punctuation is left out below.
const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"]+/giu;

/**
 * Splits text into plain segments and links. Only http and https URLs become links (www. gets https://), so
 * javascript:, data: and other schemes stay plain text.
 * @param {string} text
 * @returns {Segment[]}
 */
export function linkify(text) {
  /** @type {Segment[]} */
  const out = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let raw = match[0];
    // Leave sentence punctuation and an unbalanced closing bracket outside the link.
    while (/[.,;:!?'»”’]$/.test(raw) || (raw.endsWith(')') && count(raw, '(') < count(raw, ')'))) {
      raw = raw.slice(0, -1);
    }
    const start = match.index ?? 0;
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) out.push({ text: text.slice(last, start) });
    out.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) out.push({ text: text.slice(last) });
  return out.length > 0 ? out : [{ text }];
}

/**
 * @param {string} s
 * @param {string} ch
 */
function count(s, ch) {
  return s.split(ch).length - 1;
}

/**
 * The URL to open for a link's text, or "" when it is not http(s).
 * @param {string} raw
 * @returns {string}
 */
export function safeHref(raw) {
  const candidate = /^www\./i.test(raw) ? `https://${raw}` : raw;
  try {
    const url = new URL(candidate);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : '';
  } catch {
    return '';
  }
}

/**
 * The composer's character count: code points, as the server counts them.
 * @param {string} text
 * @param {number} max the server's maxTextLength
 * @returns {{length: number, remaining: number, visible: boolean, over: boolean}} visible once within 10% of the
 *   limit (and whenever over it)
 */
export function charCount(text, max) {
  const length = [...text].length;
  const remaining = max - length;
  return { length, remaining, visible: remaining <= Math.max(50, Math.floor(max / 10)), over: remaining < 0 };
}
