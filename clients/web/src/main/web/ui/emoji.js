// Emoji: the quick reactions row and the full picker. The picker is emoji-picker-element (a web component, from
// npm like Preact), loaded the first time one opens and served by our own server with its data: nothing comes from
// elsewhere at run time, and the app's first load does not carry it.
import { html } from 'htm/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Popover } from './menu.js';

/** The reactions offered first; any other emoji is one click further, in the picker. */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'];

const PICKER_MODULE = '/vendor/emoji-picker/picker.js';
const PICKER_DATA = '/vendor/emoji-picker/data.json';

/** @type {Promise<unknown> | null} */
let loading = null;

/** Loads the picker's module once (it defines the <emoji-picker> element). */
export function loadPicker() {
  if (!loading) {
    const url = PICKER_MODULE; // a variable, so tsc does not try to resolve it
    loading = import(url).catch((e) => {
      loading = null;
      throw e;
    });
  }
  return loading;
}

/**
 * The full emoji picker in a popover next to `anchor`.
 * @param {{anchor: HTMLElement | null, onPick: (emoji: string) => void, onClose: () => void, label: string}} props
 */
export function EmojiPicker({ anchor, onPick, onClose, label }) {
  const host = useRef(/** @type {HTMLDivElement | null} */ (null));
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let picker = /** @type {HTMLElement | null} */ (null);
    const onClick = (/** @type {any} */ e) => {
      const unicode = e.detail?.unicode;
      if (typeof unicode === 'string' && unicode) onPick(unicode);
    };
    loadPicker().then(() => {
      if (!host.current) return;
      picker = document.createElement('emoji-picker');
      picker.setAttribute('data-source', PICKER_DATA);
      picker.setAttribute('data-testid', 'emoji-picker');
      picker.classList.add('light');
      picker.addEventListener('emoji-click', onClick);
      host.current.appendChild(picker);
      // Focus the picker's search box once it has rendered, for keyboard users.
      setTimeout(() => /** @type {HTMLElement | null | undefined} */ (picker?.shadowRoot?.querySelector('input'))?.focus(), 50);
    }, () => setFailed(true));
    return () => {
      picker?.removeEventListener('emoji-click', onClick);
      picker?.remove();
    };
  }, []);
  return html`<${Popover} anchor=${anchor} onClose=${onClose} label=${label} testid="emoji-picker-popover"
    className="emoji-popover">
    <div ref=${host} class="emoji-host">
      ${failed && html`<p class="muted emoji-failed">The emoji picker could not load. Check your connection.</p>`}
    </div>
  </${Popover}>`;
}

/**
 * The quick reactions, plus a button that opens the full picker. On its own (not in a menu) it takes focus when it
 * opens, and arrow keys move along it.
 * @param {{mine: (emoji: string) => boolean, onPick: (emoji: string) => void, onMore: () => void, asMenuItems?: boolean}} props
 */
export function ReactionBar({ mine, onPick, onMore, asMenuItems = false }) {
  const role = asMenuItems ? 'menuitem' : undefined;
  const bar = useRef(/** @type {HTMLDivElement | null} */ (null));
  useEffect(() => {
    if (!asMenuItems) /** @type {HTMLElement | null | undefined} */ (bar.current?.querySelector('button'))?.focus();
  }, []);
  const onKey = (/** @type {KeyboardEvent} */ e) => {
    if (asMenuItems || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return;
    const all = /** @type {HTMLElement[]} */ ([...(bar.current?.querySelectorAll('button') ?? [])]);
    const at = all.indexOf(/** @type {HTMLElement} */ (document.activeElement));
    all[(at + (e.key === 'ArrowRight' ? 1 : -1) + all.length) % all.length]?.focus();
  };
  return html`<div class="reaction-bar" ref=${bar} onKeyDown=${onKey} role=${asMenuItems ? 'group' : 'toolbar'}
    aria-label="Reactions">
    ${QUICK_REACTIONS.map((emoji) => html`<button type="button" key=${emoji} role=${role}
      class=${`emoji-option ${mine(emoji) ? 'emoji-mine' : ''}`} data-testid="emoji-option" data-emoji=${emoji}
      aria-label=${`React with ${emoji}`} aria-pressed=${asMenuItems ? undefined : mine(emoji) ? 'true' : 'false'}
      onClick=${() => onPick(emoji)}>${emoji}</button>`)}
    <button type="button" role=${role} class="emoji-option emoji-more" data-testid="emoji-more"
      aria-label="More reactions" title="More reactions" onClick=${onMore}>+</button>
  </div>`;
}
