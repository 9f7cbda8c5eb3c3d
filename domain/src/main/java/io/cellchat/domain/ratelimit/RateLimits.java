package io.cellchat.domain.ratelimit;

/**
 * Port: rate limits shared by every server of a cell, so that a client cannot multiply its allowance by spreading
 * requests over servers (login attempts per account and per address, registrations per address, and so on). The
 * per-connection frame limit of the messaging server stays local: a connection lives on one server.
 *
 * <p>Every adapter applies the same rule, {@link Gcra}: a token bucket of {@code burst} permits refilled at the
 * limit's rate, kept as one timestamp per subject. Refusals cost no permit.
 *
 * <ul>
 *   <li>Embedded: in memory.</li>
 *   <li>Distributed: Redis, one key per (limit, subject), updated by a script, expiring once the bucket is full
 *       again.</li>
 * </ul>
 */
public interface RateLimits {

    /** Longest subject accepted, in characters. */
    int MAX_SUBJECT_LENGTH = 200;

    /**
     * Takes one permit of {@code limit} for {@code subject}.
     *
     * @param subject whose bucket: a user ID, an IP address; 1..{@value #MAX_SUBJECT_LENGTH} characters
     * @return whether it was allowed and, if not, when to retry
     */
    Gcra.Verdict acquire(RateLimit limit, String subject);

    /** Checks a subject as every adapter does; returns it. */
    static String checkSubject(String subject) {
        if (subject == null || subject.isEmpty() || subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("rate limit subject: '" + subject
                    + "' (expected: 1.." + MAX_SUBJECT_LENGTH + " characters)");
        }
        return subject;
    }
}
