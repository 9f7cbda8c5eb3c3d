package io.cellchat.domain.social;

import static java.util.Objects.requireNonNull;

/**
 * How one user (the viewer) stands toward another (the subject): the facts {@link AccessPolicy} decides on, read
 * from the users store in one query per batch ({@link SocialGraph}).
 *
 * @param contacts the two are contacts (an accepted invitation; symmetric)
 * @param blockedBySubject the subject blocked the viewer
 * @param blockedSubject the viewer blocked the subject
 * @param subjectSettings the subject's privacy settings
 */
public record Tie(boolean contacts, boolean blockedBySubject, boolean blockedSubject,
        PrivacySettings subjectSettings) {

    /** Two users with nothing between them, the subject on the default settings. */
    public static final Tie STRANGERS = new Tie(false, false, false, PrivacySettings.DEFAULTS);

    public Tie {
        requireNonNull(subjectSettings, "subjectSettings");
    }

    public boolean blockedEitherWay() {
        return blockedBySubject || blockedSubject;
    }
}
