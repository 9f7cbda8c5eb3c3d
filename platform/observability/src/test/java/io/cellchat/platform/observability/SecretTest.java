package io.cellchat.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void should_never_print_its_value() {
        Secret token = Secret.of("s3cret-admin-token");

        assertThat(token.toString()).isEqualTo("****");
        assertThat("token " + token).doesNotContain("s3cret");
        assertThat(Secret.none().toString()).isEqualTo("(none)");
    }

    @Test
    void should_match_only_the_same_value_and_never_an_empty_secret() {
        Secret token = Secret.of("s3cret-admin-token");

        assertThat(token.matches("s3cret-admin-token")).isTrue();
        assertThat(token.matches("s3cret-admin-toke")).isFalse();
        assertThat(Secret.none().matches("")).isFalse();
        assertThat(Secret.of("").isEmpty()).isTrue();
    }
}
