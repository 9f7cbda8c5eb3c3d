/**
 * Relationships between users and who may do what to whom: contacts, blocks and privacy settings
 * ({@link io.cellchat.domain.social.SocialGraph}), the rules ({@link io.cellchat.domain.social.AccessPolicy}) and
 * the one component every API asks ({@link io.cellchat.domain.social.Authorization}).
 */
package io.cellchat.domain.social;
