package io.cellchat.platform.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;

/**
 * A Lua script shipped beside this class ({@code <name>.lua}), run by its SHA-1 ({@code EVALSHA}) so that only the
 * digest travels; when Redis does not know it (first use, or Redis restarted), it is sent once with {@code EVAL},
 * which also caches it. A script runs atomically: that is why the adapters use them for every read-then-write.
 */
final class LuaScript {

    private final String name;
    private final String source;
    private final String sha;

    LuaScript(String name) {
        this.name = name;
        try (InputStream in = LuaScript.class.getResourceAsStream(name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + name + ".lua");
            }
            this.source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script " + name, e);
        }
        try {
            this.sha = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }

    <T> T run(RedisCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(source, type, keys, args);
        }
    }

    <T> CompletableFuture<T> runAsync(RedisAsyncCommands<String, String> redis, ScriptOutputType type, String[] keys,
            String... args) {
        CompletableFuture<T> bySha = redis.<T>evalsha(sha, type, keys, args).toCompletableFuture();
        return bySha.exceptionallyCompose(failure -> unwrap(failure) instanceof RedisNoScriptException
                ? redis.<T>eval(source, type, keys, args).toCompletableFuture()
                : CompletableFuture.failedFuture(failure));
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause()
                : failure;
    }

    @Override
    public String toString() {
        return name + ".lua";
    }
}
