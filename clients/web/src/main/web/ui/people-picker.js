// Picks people by name as you type, the same way for a new chat, a new group and adding members: results below
// the field, the chosen ones as removable chips above it.
import { html } from 'htm/preact';
import { useEffect, useState } from 'preact/hooks';
import { Avatar } from './common.js';
import { Icon } from './icons.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
 * @typedef {import('../api.js').Profile} Profile
 */

/** Shortest query the server searches for (docs/protocol.md, GET /api/v1/users). */
export const MIN_SEARCH = 3;

/**
 * Search-as-you-type over the user directory.
 * @param {ChatClient} client
 * @param {string} query
 * @param {(u: Profile) => boolean} keep
 * @returns {{results: Profile[], searching: boolean, failed: boolean}}
 */
export function useUserSearch(client, query, keep) {
  const [results, setResults] = useState(/** @type {Profile[]} */ ([]));
  const [searching, setSearching] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const q = query.trim().replace(/^@/, '');
    if (q.length < MIN_SEARCH) { // the server refuses shorter queries, so that nobody can list the directory
      setResults([]);
      setSearching(false);
      return undefined;
    }
    let cancelled = false;
    setSearching(true);
    const timer = setTimeout(() => {
      client.api.searchUsers(q).then(
        (users) => {
          if (cancelled) return;
          client.state.rememberProfiles(users);
          setResults(users.filter((u) => u.userId !== client.state.userId && keep(u)).slice(0, 8));
          setFailed(false);
          setSearching(false);
        },
        () => { if (!cancelled) { setFailed(true); setSearching(false); } },
      );
    }, 200);
    return () => { cancelled = true; clearTimeout(timer); };
  }, [query]);
  return { results, searching, failed };
}

/**
 * @param {{client: ChatClient, chosen: Profile[], onChange: (chosen: Profile[]) => void, exclude?: Set<string>,
 *   label: string, testid: string}} props
 */
export function PeoplePicker({ client, chosen, onChange, exclude = new Set(), label, testid }) {
  const [query, setQuery] = useState('');
  const chosenIds = new Set(chosen.map((p) => p.userId));
  const { results, searching, failed } = useUserSearch(client, query, (u) => !exclude.has(u.userId));
  const add = (/** @type {Profile} */ p) => {
    if (!chosenIds.has(p.userId)) onChange([...chosen, p]);
    setQuery('');
  };
  const q = query.trim();
  const inputId = `${testid}-input`;
  return html`<div class="people-picker" data-testid=${testid}>
    <label class="picker-label" for=${inputId}>${label}</label>
    ${chosen.length > 0 && html`<ul class="chips" aria-label="Chosen">
      ${chosen.map((p) => html`<li key=${p.userId} class="chip" data-testid="chosen-person" data-user-id=${p.userId}>
        <span class="chip-name">${p.displayName || p.username}</span>
        <button type="button" class="chip-remove" aria-label=${`Remove ${p.displayName || p.username}`}
          data-testid="chosen-person-remove" onClick=${() => onChange(chosen.filter((c) => c.userId !== p.userId))}>
          <${Icon} name="close" size=${14} /></button>
      </li>`)}
    </ul>`}
    <input id=${inputId} data-testid=${`${testid}-search`} placeholder="Search by name or username" autocomplete="off"
      autocapitalize="none" spellcheck="false" value=${query}
      onInput=${(/** @type {any} */ e) => setQuery(e.currentTarget.value)}
      onKeyDown=${(/** @type {KeyboardEvent} */ e) => {
        if (e.key === 'Enter') {
          e.preventDefault(); // Enter picks the first result rather than submitting the form
          const first = results.find((r) => !chosenIds.has(r.userId));
          if (first) add(first);
        }
      }} />
    ${q && html`<ul class="user-results" aria-label="People found">
      ${results.map((u) => html`<li key=${u.userId}>
        <button type="button" class="user-result" data-testid="user-result" data-username=${u.username}
          aria-pressed=${chosenIds.has(u.userId) ? 'true' : 'false'}
          onClick=${() => (chosenIds.has(u.userId) ? onChange(chosen.filter((c) => c.userId !== u.userId)) : add(u))}>
          <${Avatar} name=${u.displayName || u.username} seed=${u.userId} size="small" />
          <span class="user-result-name"><strong>${u.displayName || u.username}</strong> <span class="muted">@${u.username}</span></span>
          ${chosenIds.has(u.userId) && html`<${Icon} name="check" size=${16} />`}
        </button>
      </li>`)}
      ${!searching && results.length === 0 && html`<li class="user-results-empty muted">${q.replace(/^@/, '').length < MIN_SEARCH
        ? `Type at least ${MIN_SEARCH} characters.` : failed ? 'Search is not available right now.' : 'Nobody found.'}</li>`}
    </ul>`}
  </div>`;
}
