package io.cellchat.services.users.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class Argon2idHasherTest {

    /** Cheap parameters: hashing is the same algorithm, only faster. */
    private final Argon2idHasher hasher = new Argon2idHasher(new Argon2idHasher.Settings(64, 1), new SecureRandom());

    @Test
    void should_hash_to_a_phc_string_naming_algorithm_version_and_parameters() {
        String hash = hasher.hash("correct horse battery staple");

        // 16 bytes of salt and 32 of hash, in unpadded standard Base64.
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hash).doesNotContain("correct horse");
    }

    @Test
    void should_match_the_right_password_only() {
        String hash = hasher.hash("correct horse battery staple");

        assertThat(hasher.matches("correct horse battery staple", hash)).isTrue();
        assertThat(hasher.matches("correct horse battery stapler", hash)).isFalse();
        assertThat(hasher.matches("Correct horse battery staple", hash)).isFalse();
        assertThat(hasher.matches("", hash)).isFalse();
    }

    @Test
    void should_salt_every_hash_differently() {
        String first = hasher.hash("same password");
        String second = hasher.hash("same password");

        assertThat(first).isNotEqualTo(second);
        assertThat(salt(first)).isNotEqualTo(salt(second));
        assertThat(hasher.matches("same password", first)).isTrue();
        assertThat(hasher.matches("same password", second)).isTrue();
    }

    @Test
    void should_verify_a_hash_made_with_other_parameters() {
        Argon2idHasher stronger = new Argon2idHasher(new Argon2idHasher.Settings(128, 2), new SecureRandom());

        String old = hasher.hash("kept after an upgrade");

        assertThat(stronger.hash("x")).startsWith("$argon2id$v=19$m=128,t=2,p=1$");
        assertThat(stronger.matches("kept after an upgrade", old)).isTrue();
    }

    @Test
    void should_verify_the_reference_vector_of_the_argon2_authors() {
        // echo -n password | argon2 somesalt -id -t 2 -m 16 -p 4 -l 32 -e   (phc-winner-argon2)
        String reference = "$argon2id$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$GpZ3sK/oH9p7VIiV56G/64Zo/8GaUw434IimaPqxwCo";

        assertThat(hasher.matches("password", reference)).isTrue();
        assertThat(hasher.matches("passwore", reference)).isFalse();
    }

    @Test
    void should_hash_passwords_beyond_ascii() {
        String password = "pässwörd \uD83D\uDD11 пароль";

        String hash = hasher.hash(password);

        assertThat(hasher.matches(password, hash)).isTrue();
        assertThat(hasher.matches("passwort \uD83D\uDD11 пароль", hash)).isFalse();
    }

    @Test
    void should_not_match_a_hash_of_another_algorithm_or_shape() {
        String argon2i = "$argon2i$v=19$m=65536,t=2,p=4$c29tZXNhbHQ$IMit9qkFULCMA/ViizL57cnTLOa5DiVM9eMwpAvPwr4";

        assertThat(hasher.matches("password", argon2i)).isFalse();
        assertThat(hasher.matches("password", "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy")).isFalse();
        assertThat(hasher.matches("password", "")).isFalse();
    }

    private static String salt(String hash) {
        return hash.split("\\$")[4];
    }
}
