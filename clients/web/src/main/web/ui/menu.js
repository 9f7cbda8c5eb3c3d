// Popovers: a menu button with its menu, and the placement they share. A popover is fixed-positioned next to what
// opened it and moved to stay inside the window (near an edge it opens the other way), so it never widens the page
// on a phone. Keyboard: arrows move between items, Escape closes and gives focus back, Tab leaves.
import { html } from 'htm/preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { Icon } from './icons.js';

/**
 * @typedef {object} MenuItem
 * @property {string} label
 * @property {string} testid
 * @property {() => void} onSelect
 * @property {boolean} [danger]
 * @property {import('./icons.js').IconName} [icon]
 */

const MARGIN = 8;

/**
 * Places a fixed popover beside an anchor rectangle, inside the window.
 * @param {DOMRect} anchor
 * @param {{width: number, height: number}} size
 * @param {{width: number, height: number}} viewport
 * @returns {{left: number, top: number}}
 */
export function place(anchor, size, viewport) {
  let left = anchor.right - size.width;
  if (left < MARGIN) left = anchor.left;
  left = Math.max(MARGIN, Math.min(left, viewport.width - size.width - MARGIN));
  let top = anchor.bottom + 4;
  if (top + size.height > viewport.height - MARGIN) top = anchor.top - size.height - 4;
  top = Math.max(MARGIN, Math.min(top, viewport.height - size.height - MARGIN));
  return { left, top };
}

/**
 * A popover placed next to `anchor`; closes on Escape, on a press outside, and when its anchor scrolls out of sight.
 * @param {{anchor: HTMLElement | null, onClose: () => void, children: any, label: string, role?: string,
 *   testid?: string, className?: string}} props
 */
export function Popover({ anchor, onClose, children, label, role = 'dialog', testid, className = '' }) {
  const box = useRef(/** @type {HTMLDivElement | null} */ (null));
  const [pos, setPos] = useState(/** @type {{left: number, top: number} | null} */ (null));
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || !anchor) return;
    const rect = el.getBoundingClientRect();
    setPos(place(anchor.getBoundingClientRect(), { width: rect.width, height: rect.height },
      { width: document.documentElement.clientWidth, height: window.innerHeight }));
  }, [anchor]);
  useEffect(() => {
    const onDown = (/** @type {Event} */ e) => {
      const target = /** @type {Node} */ (e.target);
      if (box.current?.contains(target) || anchor?.contains(target)) return;
      onClose();
    };
    const onKey = (/** @type {KeyboardEvent} */ e) => {
      if (e.key !== 'Escape') return;
      e.stopPropagation();
      onClose();
      anchor?.focus();
    };
    // The list under it may scroll (a new message arrives): follow the anchor, and close once it leaves the window.
    const onScroll = (/** @type {Event} */ e) => {
      const el = box.current;
      if (!el || !anchor || el.contains(/** @type {Node} */ (e.target))) return;
      const a = anchor.getBoundingClientRect();
      if (a.bottom < 0 || a.top > window.innerHeight) {
        onClose();
        return;
      }
      const rect = el.getBoundingClientRect();
      setPos(place(a, { width: rect.width, height: rect.height },
        { width: document.documentElement.clientWidth, height: window.innerHeight }));
    };
    document.addEventListener('pointerdown', onDown, true);
    document.addEventListener('keydown', onKey, true);
    document.addEventListener('scroll', onScroll, true);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      document.removeEventListener('keydown', onKey, true);
      document.removeEventListener('scroll', onScroll, true);
    };
  }, [anchor, onClose]);
  const style = pos ? `left:${pos.left}px;top:${pos.top}px` : 'left:0;top:0;visibility:hidden';
  return html`<div class=${`popover ${className}`} ref=${box} role=${role} aria-label=${label} data-testid=${testid}
    style=${style}>${children}</div>`;
}

/**
 * The items of a menu, with arrow-key movement; the first item takes focus when it opens.
 * @param {{items: MenuItem[], onClose: () => void, header?: any}} props
 */
export function MenuItems({ items, onClose, header }) {
  const list = useRef(/** @type {HTMLDivElement | null} */ (null));
  useEffect(() => {
    /** @type {HTMLElement | null | undefined} */ (list.current?.querySelector('[role="menuitem"]'))?.focus();
  }, []);
  const onKey = (/** @type {KeyboardEvent} */ e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Home' && e.key !== 'End') return;
    const all = /** @type {HTMLElement[]} */ ([...(list.current?.querySelectorAll('[role="menuitem"]') ?? [])]);
    if (all.length === 0) return;
    e.preventDefault();
    const at = all.indexOf(/** @type {HTMLElement} */ (document.activeElement));
    const next = e.key === 'Home' ? 0 : e.key === 'End' ? all.length - 1
      : (at + (e.key === 'ArrowDown' ? 1 : -1) + all.length) % all.length;
    all[next].focus();
  };
  return html`<div class="menu" ref=${list} onKeyDown=${onKey}>
    ${header}
    ${items.map((item) => html`<button type="button" role="menuitem" key=${item.testid}
      class=${`menu-item ${item.danger ? 'menu-danger' : ''}`} data-testid=${item.testid}
      onClick=${() => { onClose(); item.onSelect(); }}>
      ${item.icon && html`<${Icon} name=${item.icon} size=${16} />`}<span>${item.label}</span>
    </button>`)}
  </div>`;
}

/**
 * A button that opens a menu. `open`/`onOpenChange` let a long-press open it too.
 * @param {{label: string, testid: string, items: MenuItem[], icon?: import('./icons.js').IconName,
 *   className?: string, open?: boolean, onOpenChange?: (open: boolean) => void, header?: any, menuTestid?: string}} props
 */
export function MenuButton({ label, testid, items, icon = 'more', className = 'icon-button', open, onOpenChange,
  header, menuTestid }) {
  const [own, setOwn] = useState(false);
  const isOpen = open ?? own;
  const setOpen = onOpenChange ?? setOwn;
  const button = useRef(/** @type {HTMLButtonElement | null} */ (null));
  return html`<span class="menu-wrap">
    <button type="button" ref=${button} class=${className} data-testid=${testid} aria-label=${label} title=${label}
      aria-haspopup="menu" aria-expanded=${isOpen ? 'true' : 'false'}
      onClick=${() => setOpen(!isOpen)}><${Icon} name=${icon} /></button>
    ${isOpen && html`<${Popover} anchor=${button.current} label=${label} role="menu" testid=${menuTestid ?? `${testid}-menu`}
      onClose=${() => setOpen(false)}>
      <${MenuItems} items=${items} header=${header} onClose=${() => setOpen(false)} />
    </${Popover}>`}
  </span>`;
}
