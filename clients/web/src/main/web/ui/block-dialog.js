// Asking before a block, from the People page and from a direct chat's menu.
import { html } from 'htm/preact';
import { ConfirmDialog } from './modal.js';

/**
 * @typedef {import('../client.js').ChatClient} ChatClient
 * @typedef {import('../api.js').Profile} Profile
 */

/**
 * Asks before blocking someone, saying what it does.
 * @param {{client: ChatClient, profile: Profile, onClose: () => void}} props
 */
export function BlockDialog({ client, profile, onClose }) {
  const name = profile.displayName || profile.username || `User ${profile.userId}`;
  return html`<${ConfirmDialog} title=${`Block ${name}?`}
    text=${`${name} will not be able to message you, add you to groups or see when you are online. They are not told, and it also ends your contact. You can unblock them in Settings.`}
    confirmLabel="Block" onConfirm=${() => void client.social.block(profile.userId)} onCancel=${onClose} />`;
}
