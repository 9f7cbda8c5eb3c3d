/**
 * Each user's own settings per conversation (pin, archive, mute): private to the user, the same on all their
 * devices. Kept apart from the conversation history, which they never touch: a settings change takes no sequence
 * number and reaches only the user's own devices.
 */
package io.cellchat.domain.prefs;
