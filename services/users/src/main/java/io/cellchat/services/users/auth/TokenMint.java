package io.cellchat.services.users.auth;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Mints bearer secrets (access and refresh tokens) and hashes them for storage. A token is 256 random bits in
 * URL-safe Base64 (43 characters); the store keeps only its SHA-256, so a copy of the database yields no usable
 * token. SHA-256 rather than a slow hash is enough here: the input is random, not a guessable password.
 */
public final class TokenMint {

    /** Longest token looked up; anything longer is not one of ours and is refused without a lookup. */
    public static final int MAX_TOKEN_LENGTH = 128;

    private static final int TOKEN_BYTES = 32;

    private final SecureRandom random;

    public TokenMint(SecureRandom random) {
        this.random = requireNonNull(random, "random");
    }

    public String mint() {
        byte[] secret = new byte[TOKEN_BYTES];
        random.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** Whether {@code token} could be one of ours at all (worth a lookup). */
    public static boolean plausible(String token) {
        return !token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH;
    }

    public static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
