package io.cellchat.services.users.auth;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.ratelimit.Gcra;
import io.cellchat.domain.ratelimit.RateLimit;
import io.cellchat.domain.ratelimit.RateLimits;

/**
 * Turns a refused {@link RateLimits} permit into the documented {@code RATE_LIMITED} refusal, whose message says when
 * to retry ("retry in 120 s"), so clients back off by the server's measure rather than guessing. Every check takes a
 * permit whether the request then succeeds or not: a login throttle that counted only failures would have to run
 * the password check first, and so answer an attacker before counting.
 */
public final class Throttle {

    private final RateLimits limits;

    public Throttle(RateLimits limits) {
        this.limits = requireNonNull(limits, "limits");
    }

    /**
     * Takes a permit of {@code limit} for {@code subject}, or refuses.
     *
     * @param what names the request in the refusal, for example "login attempts for this account"
     */
    public void acquire(RateLimit limit, String subject, String what) {
        Gcra.Verdict verdict = limits.acquire(limit, subject.isEmpty() ? "-" : truncate(subject));
        if (!verdict.allowed()) {
            long seconds = Math.max(1, (verdict.retryAfter().toMillis() + 999) / 1000);
            throw new ChatException(ChatError.RATE_LIMITED, "too many " + what + " (" + limit.name() + ": "
                    + limit.burst() + " at once, then " + limit.permits() + " per " + limit.per().toMinutes()
                    + " min); retry in " + seconds + " s");
        }
    }

    private static String truncate(String subject) {
        return subject.length() <= RateLimits.MAX_SUBJECT_LENGTH ? subject
                : subject.substring(0, RateLimits.MAX_SUBJECT_LENGTH);
    }
}
