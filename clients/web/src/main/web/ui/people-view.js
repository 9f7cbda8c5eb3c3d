// The People page: find people in the directory (page by page), answer invitations, see invitations I sent, and my
// contacts with their presence. Every person row offers what fits how I stand toward them (invite, accept or
// decline, cancel, message, remove, block, unblock); blocking asks first. Invitations arrive live (contact pushes).
import { html } from 'htm/preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { lastSeenText } from '../lib/format.js';
import { MAX_SEARCH, MIN_SEARCH, UserSearch } from '../user-search.js';
import { Avatar, PresenceDot, presenceLabel } from './common.js';
import { Icon } from './icons.js';
import { MenuButton } from './menu.js';
import { BlockDialog } from './block-dialog.js';
import { Page, PageSection } from './page.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
 * @typedef {import('../api.js').Profile} Profile
 * @typedef {import('./menu.js').MenuItem} MenuItem
 * @typedef {(profile: Profile) => void} OpenChat
 * @typedef {(profile: Profile) => void} AskBlock
 */

/** @param {Profile} p */
const nameOf = (p) => p.displayName || p.username || `User ${p.userId}`;

/**
 * What a row says about how I stand toward the person.
 * @param {import('../api.js').ContactState} state
 */
function stateText(state) {
  switch (state) {
    case 'INVITATION_SENT': return 'Invitation sent';
    case 'INVITATION_RECEIVED': return 'Invited you';
    case 'CONTACT': return 'Contact';
    case 'BLOCKED': return 'Blocked';
    default: return '';
  }
}

/**
 * One person: avatar, names, how I stand toward them, and the actions that fit.
 * @param {{client: ChatClient, profile: Profile, testid: string, now: number, showPresence?: boolean,
 *   onOpenChat: OpenChat, onBlock: AskBlock}} props
 */
export function PersonRow({ client, profile, testid, now, showPresence = false, onOpenChat, onBlock }) {
  const social = client.social;
  const userId = profile.userId;
  const me = userId === client.state.userId;
  const state = social.stateOf(userId);
  const busy = social.busy.has(userId);
  const name = nameOf(profile);
  const presence = showPresence && client.connectionState === 'connected' ? client.state.presence.get(userId) : undefined;
  const status = presence?.status ?? '';
  const sub = status === 'OFFLINE' ? lastSeenText(presence?.lastSeenMs ?? 0, now) || 'Offline'
    : status ? presenceLabel(status) : stateText(state);

  /** @type {any[]} */
  const buttons = [];
  const button = (/** @type {string} */ label, /** @type {string} */ id, /** @type {() => void} */ run, primary = false) =>
    buttons.push(html`<button type="button" key=${id} class=${`${primary ? 'primary' : 'secondary'} small`}
      data-testid=${id} disabled=${busy} aria-label=${`${label}: ${name}`} onClick=${run}>${label}</button>`);
  /** @type {MenuItem[]} */
  const items = [];
  if (!me) {
    if (state === 'NONE') button('Invite', 'person-invite', () => void social.invite(userId), true);
    else if (state === 'INVITATION_RECEIVED') {
      button('Accept', 'person-accept', () => void social.invite(userId), true);
      button('Decline', 'person-decline', () => void social.unlink(userId));
    } else if (state === 'INVITATION_SENT') button('Cancel', 'person-cancel', () => void social.unlink(userId));
    else if (state === 'CONTACT') button('Message', 'person-message', () => onOpenChat(profile), true);
    else if (state === 'BLOCKED') button('Unblock', 'person-unblock', () => void social.unblock(userId));
    if (state !== 'BLOCKED') {
      if (state !== 'CONTACT') items.push({ label: 'Message', testid: 'person-message', icon: 'message', onSelect: () => onOpenChat(profile) });
      if (state === 'CONTACT') items.push({ label: 'Remove from contacts', testid: 'person-remove', icon: 'close', onSelect: () => void social.unlink(userId) });
      items.push({ label: 'Block', testid: 'person-block', icon: 'block', danger: true, onSelect: () => onBlock(profile) });
    }
  }
  return html`<li class="person" data-testid=${testid} data-user-id=${userId} data-username=${profile.username}
    data-state=${state}>
    <${Avatar} name=${name} seed=${userId} size="small" src=${client.avatarSrc(userId)}>
      ${status && html`<${PresenceDot} status=${status} />`}
    </${Avatar}>
    <div class="person-main">
      <div class="person-name" dir="auto">${name}${me ? ' (you)' : ''}</div>
      <div class="person-sub muted"><span dir="auto">@${profile.username}</span>${sub && html` · <span data-testid="person-status">${sub}</span>`}</div>
    </div>
    <div class="person-actions">
      ${buttons}
      ${items.length > 0 && html`<${MenuButton} label=${`More for ${name}`} testid="person-menu-button" items=${items}
        menuTestid="person-menu" />`}
    </div>
  </li>`;
}

/**
 * @param {{client: ChatClient, now: number, onBack: () => void, onOpenChat: OpenChat}} props
 */
export function PeopleView({ client, now, onBack, onOpenChat }) {
  const social = client.social;
  const [text, setText] = useState('');
  const [, setTick] = useState(0);
  const [blocking, setBlocking] = useState(/** @type {Profile | null} */ (null));
  const search = useMemo(() => new UserSearch({
    search: (query, cursor) => client.api.searchPage(query, cursor),
    onChange: () => setTick((t) => t + 1),
  }), [client]);
  useEffect(() => () => search.stop(), [search]);
  useEffect(() => {
    if (search.users.length > 0) client.state.rememberProfiles(search.users);
  }, [search.users]);

  const received = social.people('INVITATION_RECEIVED');
  const sent = social.people('INVITATION_SENT');
  const contacts = social.people('CONTACT');
  const row = (/** @type {Profile} */ p, /** @type {string} */ testid, showPresence = false) => html`<${PersonRow}
    key=${p.userId} client=${client} profile=${p} testid=${testid} now=${now} showPresence=${showPresence}
    onOpenChat=${onOpenChat} onBlock=${setBlocking} />`;

  let searchStatus = '';
  if (search.status === 'short') searchStatus = `Type at least ${MIN_SEARCH} characters of a name or username.`;
  else if (search.status === 'loading') searchStatus = 'Searching…';
  else if (search.status === 'failed') searchStatus = search.error;
  else if (search.status === 'done') {
    searchStatus = search.users.length === 0 ? 'Nobody found.'
      : `${search.users.length} ${search.users.length === 1 ? 'person' : 'people'} found${search.nextCursor ? ', more below' : ''}.`;
  }
  const failed = search.status === 'failed' || (search.status === 'done' && search.error !== '');

  return html`<${Page} title="People" testid="people-view" onBack=${onBack}>
    <${PageSection} title="Find people" id="people-find">
      <div class="page-search" role="search">
        <${Icon} name="search" size=${16} />
        <input type="search" data-testid="people-search" aria-label="Search people by name or username"
          placeholder="Name or username" maxlength=${MAX_SEARCH} autocomplete="off" autocapitalize="none"
          spellcheck="false" value=${text} aria-describedby="people-search-status"
          onInput=${(/** @type {any} */ e) => { setText(e.currentTarget.value); search.setQuery(e.currentTarget.value); }}
          onKeyDown=${(/** @type {KeyboardEvent} */ e) => { if (e.key === 'Enter') search.now(); }} />
      </div>
      <p id="people-search-status" class=${`search-status ${failed ? 'form-error' : 'muted'}`}
        data-testid="people-search-status" data-status=${search.status} role=${failed ? 'alert' : 'status'}>
        ${failed && search.status === 'done' ? search.error : searchStatus}</p>
      ${search.users.length > 0 && html`<ul class="person-list" aria-label="People found">
        ${search.users.map((p) => row(p, 'people-result'))}
      </ul>`}
      ${search.nextCursor && search.status === 'done' && html`<button type="button" class="secondary wide"
        data-testid="people-more" disabled=${search.loadingMore} onClick=${() => search.more()}>
        ${search.loadingMore ? 'Loading…' : 'Show more'}</button>`}
    </${PageSection}>
    ${received.length > 0 && html`<${PageSection} title=${`Invitations (${received.length})`} id="people-received">
      <ul class="person-list">${received.map((p) => row(p, 'invitation-received'))}</ul>
    </${PageSection}>`}
    ${sent.length > 0 && html`<${PageSection} title="Invitations sent" id="people-sent">
      <ul class="person-list">${sent.map((p) => row(p, 'invitation-sent'))}</ul>
    </${PageSection}>`}
    <${PageSection} title=${`Contacts${contacts.length ? ` (${contacts.length})` : ''}`} id="people-contacts">
      ${contacts.length > 0
        ? html`<ul class="person-list">${contacts.map((p) => row(p, 'contact-row', true))}</ul>`
        : html`<p class="muted page-note" data-testid="contacts-empty">${social.loaded
          ? 'No contacts yet. Find people above and invite them.' : 'Loading…'}</p>`}
    </${PageSection}>
    ${blocking && html`<${BlockDialog} client=${client} profile=${blocking} onClose=${() => setBlocking(null)} />`}
  </${Page}>`;
}
