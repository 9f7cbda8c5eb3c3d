// A full-pane page (People, Settings): a header with a back button (shown under 700 px, where the page replaces the
// chat list) and a scrolling body of sections.
import { html } from 'htm/preact';
import { Icon } from './icons.js';

/**
 * @param {{title: string, testid: string, onBack: () => void, children: any}} props
 */
export function Page({ title, testid, onBack, children }) {
  return html`<section class="page" data-testid=${testid} aria-labelledby=${`${testid}-title`}>
    <header class="page-header">
      <button type="button" class="icon-button back-button" data-testid="page-back" aria-label="Back to chats"
        onClick=${onBack}><${Icon} name="back" size=${22} /></button>
      <h2 id=${`${testid}-title`}>${title}</h2>
    </header>
    <div class="page-body">${children}</div>
  </section>`;
}

/**
 * One titled part of a page.
 * @param {{title: string, id: string, children: any, note?: any}} props
 */
export function PageSection({ title, id, children, note }) {
  return html`<section class="page-section" aria-labelledby=${id} data-testid=${id}>
    <h3 id=${id} class="page-section-title">${title}</h3>
    ${note && html`<p class="page-note muted">${note}</p>`}
    ${children}
  </section>`;
}
