// Error toasts: the server's messages, dismissible, gone after a few seconds anyway.
import { html } from 'htm/preact';
import { Icon } from './icons.js';

/**
 * @param {{toasts: Array<{id: number, text: string}>, onDismiss: (id: number) => void}} props
 */
export function Toasts({ toasts, onDismiss }) {
  if (toasts.length === 0) return null;
  return html`<div class="toasts" aria-live="assertive">
    ${toasts.map((t) => html`<div class="toast" key=${t.id} role="alert" data-testid="toast">
      <span class="toast-text">${t.text}</span>
      <button type="button" class="toast-close" aria-label="Dismiss" onClick=${() => onDismiss(t.id)}><${Icon} name="close" size=${16} /></button>
    </div>`)}
  </div>`;
}
