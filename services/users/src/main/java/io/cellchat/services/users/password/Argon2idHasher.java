package io.cellchat.services.users.password;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id (RFC 9106) from Bouncy Castle, stored as a PHC string
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}), so parameters can be raised later and old hashes still
 * verify. The defaults are OWASP's minimum for Argon2id: 19 MiB, 2 passes, 1 lane; about 50 ms per hash here.
 */
public final class Argon2idHasher implements PasswordHasher {

    /**
     * @param memoryKib memory per hash in KiB ({@code auth.argon2.memory-kib}, default 19,456)
     * @param iterations passes over memory ({@code auth.argon2.iterations}, default 2)
     */
    public record Settings(int memoryKib, int iterations) {
        public static final Settings DEFAULTS = new Settings(19_456, 2);

        public Settings {
            if (memoryKib < 8) {
                throw new IllegalArgumentException("auth.argon2.memory-kib: " + memoryKib + " (expected: >= 8)");
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("auth.argon2.iterations: " + iterations + " (expected: >= 1)");
            }
        }
    }

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getDecoder();

    private final Settings settings;
    private final SecureRandom random;

    public Argon2idHasher(Settings settings, SecureRandom random) {
        this.settings = settings;
        this.random = random;
    }

    @Override
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = derive(password, salt, settings.memoryKib(), settings.iterations(), 1, HASH_BYTES);
        return "$argon2id$v=19$m=" + settings.memoryKib() + ",t=" + settings.iterations() + ",p=1$"
                + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    @Override
    public boolean matches(String password, String stored) {
        String[] parts = stored.split("\\$");
        // ["", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash]
        if (parts.length != 6 || !parts[1].equals("argon2id")) {
            return false;
        }
        int memory = 0;
        int iterations = 0;
        int lanes = 0;
        for (String parameter : parts[3].split(",")) {
            String[] pair = parameter.split("=");
            int value = Integer.parseInt(pair[1]);
            switch (pair[0]) {
                case "m" -> memory = value;
                case "t" -> iterations = value;
                case "p" -> lanes = value;
                default -> {
                    return false;
                }
            }
        }
        byte[] salt = DECODER.decode(parts[4]);
        byte[] expected = DECODER.decode(parts[5]);
        byte[] actual = derive(password, salt, memory, iterations, lanes, expected.length);
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations, int lanes, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(lanes)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(UTF_8), out);
        return out;
    }
}
