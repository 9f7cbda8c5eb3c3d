package io.cellchat.services.users.password;

import com.nulabinc.zxcvbn.Strength;
import com.nulabinc.zxcvbn.Zxcvbn;
import io.cellchat.domain.account.AccountRules;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import java.util.List;

/**
 * Refuses guessable passwords, as NIST SP 800-63B advises instead of composition rules: the length range and
 * "never the username" of {@link AccountRules}, then zxcvbn (zxcvbn4j), which estimates how many guesses an attacker
 * needs from dictionaries of common and breached passwords, names, English words, keyboard patterns, repeats,
 * sequences and dates, with the username and display name added to its dictionary. A password must score at least
 * {@value #MIN_SCORE} of 4 (about 10^8 guesses: "password", "12345678", eight spaces and "alice2024" for user alice
 * are all refused; a phrase of three common words is accepted). The refusal says why without echoing the password.
 */
public final class PasswordStrength {

    /** The lowest zxcvbn score accepted: 3 means at least 10^8 guesses. */
    public static final int MIN_SCORE = 3;

    private final Zxcvbn zxcvbn = new Zxcvbn();

    /**
     * Checks a new password of a user.
     *
     * @throws ChatException {@code INVALID_ARGUMENT} for the length, {@code WEAK_PASSWORD} when guessable
     */
    public void check(String password, String username, String displayName) {
        AccountRules.password(password);
        AccountRules.passwordNotUsername(password, username);
        Strength strength = zxcvbn.measure(password, List.of(username, displayName));
        if (strength.getScore() < MIN_SCORE) {
            String warning = strength.getFeedback().getWarning();
            throw new ChatException(ChatError.WEAK_PASSWORD, "password: too easy to guess (score "
                    + strength.getScore() + " of 4, expected: >= " + MIN_SCORE + ")"
                    + (warning == null || warning.isEmpty() ? "" : "; " + warning));
        }
    }
}
