// A modal dialog frame and the confirmation dialog built on it. Focus moves into the dialog, Tab stays inside it,
// Escape and a click outside close it, and focus returns to where it was.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { Icon } from './icons.js';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * @param {{title: string, onClose: () => void, children: any, testid: string, role?: string}} props
 */
export function Modal({ title, onClose, children, testid, role = 'dialog' }) {
  const box = useRef(/** @type {HTMLDivElement | null} */ (null));
  useEffect(() => {
    const before = /** @type {HTMLElement | null} */ (document.activeElement);
    const el = box.current;
    if (el && !el.contains(document.activeElement)) {
      const first = /** @type {HTMLElement | null} */ (el.querySelector('[autofocus], input, textarea') ?? el.querySelector(FOCUSABLE));
      first?.focus();
    }
    const onKey = (/** @type {KeyboardEvent} */ e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      } else if (e.key === 'Tab' && el) {
        const items = /** @type {HTMLElement[]} */ ([...el.querySelectorAll(FOCUSABLE)]);
        if (items.length === 0) return;
        const first = items[0];
        const last = items[items.length - 1];
        if (e.shiftKey && document.activeElement === first) { e.preventDefault(); last.focus(); }
        else if (!e.shiftKey && document.activeElement === last) { e.preventDefault(); first.focus(); }
      }
    };
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('keydown', onKey, true);
      if (before && document.contains(before)) before.focus();
    };
  }, []);
  return html`<div class="modal-backdrop" onPointerDown=${(/** @type {any} */ e) => { if (e.target === e.currentTarget) onClose(); }}>
    <div class="modal" role=${role} aria-modal="true" aria-label=${title} data-testid=${testid} ref=${box}>
      <header class="modal-header">
        <h2>${title}</h2>
        <button type="button" class="icon-button" aria-label="Close" onClick=${onClose}><${Icon} name="close" /></button>
      </header>
      ${children}
    </div>
  </div>`;
}

/**
 * Asks before something that cannot be undone (delete for everyone, remove a member, leave a group).
 * @param {{title: string, text: string, confirmLabel: string, onConfirm: () => void, onCancel: () => void}} props
 */
export function ConfirmDialog({ title, text, confirmLabel, onConfirm, onCancel }) {
  return html`<${Modal} title=${title} onClose=${onCancel} testid="confirm-dialog" role="alertdialog">
    <div class="modal-body">
      <p class="confirm-text">${text}</p>
      <div class="modal-actions">
        <button type="button" class="secondary" data-testid="confirm-cancel" onClick=${onCancel}>Cancel</button>
        <button type="button" class="danger-solid" data-testid="confirm-ok" autofocus
          onClick=${() => { onConfirm(); onCancel(); }}>${confirmLabel}</button>
      </div>
    </div>
  </${Modal}>`;
}
