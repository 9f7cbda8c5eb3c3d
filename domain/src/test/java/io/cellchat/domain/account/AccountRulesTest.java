package io.cellchat.domain.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AccountRulesTest {

    private static final String GRINNING = "\uD83D\uDE00"; // one code point, two chars

    private static ThrowableAssertAlternative<ChatException> assertInvalid(ThrowingCallable call) {
        return assertThatExceptionOfType(ChatException.class).isThrownBy(call)
                .satisfies(e -> assertThat(e.error()).isEqualTo(ChatError.INVALID_ARGUMENT));
    }

    @ParameterizedTest
    @CsvSource({
        "Alice, alice",
        "ALICE_01, alice_01",
        "a.b-c, a.b-c",
        "abc, abc",
        "Abcdefghijklmnopqrstuvwxyz012345, abcdefghijklmnopqrstuvwxyz012345",
    })
    void should_give_the_canonical_lower_case_form_of_a_valid_username(String raw, String canonical) {
        assertThat(AccountRules.username(raw)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "abcdefghijklmnopqrstuvwxyz0123456", "al ice", " alice", "alice\n", "ålice",
        "алиса", "alice!", "al@ice", "a+b", "al\u0130ce"})
    void should_refuse_an_invalid_username_naming_it(String raw) {
        assertInvalid(() -> AccountRules.username(raw))
                .withMessage("username: '" + raw + "' (expected: 3..32 characters of letters, digits, '_', '.', '-')");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void should_refuse_a_missing_username(String raw) {
        assertInvalid(() -> AccountRules.username(raw))
                .withMessage("username: '' (expected: 3..32 characters of letters, digits, '_', '.', '-')");
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 9, 127, 128})
    void should_accept_a_password_of_8_to_128_characters(int length) {
        assertThatNoException().isThrownBy(() -> AccountRules.password("p".repeat(length)));
        assertThatNoException().isThrownBy(() -> AccountRules.password(GRINNING.repeat(length)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 129, 1000})
    void should_refuse_a_password_outside_8_to_128_characters(int length) {
        assertInvalid(() -> AccountRules.password("p".repeat(length)))
                .withMessage("password length: " + length + " (expected: 8..128)");
    }

    @Test
    void should_count_password_characters_in_code_points() {
        assertThat(GRINNING.repeat(7)).hasSize(14);
        assertInvalid(() -> AccountRules.password(GRINNING.repeat(7)))
                .withMessage("password length: 7 (expected: 8..128)");
        assertInvalid(() -> AccountRules.password(GRINNING.repeat(129)))
                .withMessage("password length: 129 (expected: 8..128)");
    }

    @Test
    void should_refuse_a_missing_password() {
        assertInvalid(() -> AccountRules.password(null)).withMessage("password length: 0 (expected: 8..128)");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void should_default_an_absent_display_name_to_the_username(String raw) {
        assertThat(AccountRules.displayName(raw, "alice")).isEqualTo("alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"   ", "\u00a0\u00a0\u00a0", "\u200b\u200b", "\u3164", "\u2800"})
    void should_refuse_a_display_name_given_but_without_a_visible_character(String raw) {
        assertInvalid(() -> AccountRules.displayName(raw, "alice")).withMessageStartingWith("display_name");
    }

    @Test
    void should_strip_the_display_name() {
        assertThat(AccountRules.displayName("  Alice Liddell \t", "alice")).isEqualTo("Alice Liddell");
    }

    @Test
    void should_accept_a_display_name_of_64_characters_and_refuse_65() {
        assertThat(AccountRules.displayName("n".repeat(64), "alice")).isEqualTo("n".repeat(64));
        assertThat(AccountRules.displayName(GRINNING.repeat(64), "alice")).isEqualTo(GRINNING.repeat(64));
        assertInvalid(() -> AccountRules.displayName("n".repeat(65), "alice"))
                .withMessage("display_name length: 65 (expected: 1..64)");
        assertInvalid(() -> AccountRules.displayName(GRINNING.repeat(65), "alice"))
                .withMessageContaining("display_name length: 65");
    }

    @Test
    void should_refuse_a_display_name_with_a_control_character() {
        assertInvalid(() -> AccountRules.displayName("Al\nice", "alice"))
                .withMessage("display_name: U+000A at index 2 (expected: one line of text, no control characters)");
        assertInvalid(() -> AccountRules.displayName("Al\u0000ice", "alice"))
                .withMessageContaining("control character");
    }

    @Test
    void should_default_a_blank_device_name_and_limit_its_length() {
        assertThat(AccountRules.deviceName(null)).isEqualTo("unnamed device");
        assertThat(AccountRules.deviceName("")).isEqualTo("unnamed device");
        assertInvalid(() -> AccountRules.deviceName("  ")).withMessage("device_name length: 0 (expected: 1..64)");
        assertThat(AccountRules.deviceName(" Pixel 9 ")).isEqualTo("Pixel 9");
        assertThat(AccountRules.deviceName("d".repeat(64))).isEqualTo("d".repeat(64));
        assertInvalid(() -> AccountRules.deviceName("d".repeat(65)))
                .withMessage("device_name length: 65 (expected: 1..64)");
    }
}
