package io.cellchat.testing.files;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Lowers this process's file size limit ({@code RLIMIT_FSIZE}, the soft limit only) until closed, so that a test can
 * make a store's next append to its log fail as a file system that will not let the file grow makes it fail: a write
 * at or beyond the limit returns {@code EFBIG} ("File too large"), and the {@code SIGXFSZ} that comes with it is
 * ignored by the JVM. Every thread of the process is limited, so the window must be short and nothing else may write
 * files meanwhile. The hard limit is left alone, so closing can always raise the soft one back.
 */
public final class FileSizeLimit implements AutoCloseable {

    private static final int RLIMIT_FSIZE = 1; // Linux

    private final long previousSoft;
    private final long hard;

    private FileSizeLimit(long previousSoft, long hard) {
        this.previousSoft = previousSoft;
        this.hard = hard;
    }

    /** Limits every file of the process to {@code bytes}; a write that starts at or beyond it fails. */
    public static FileSizeLimit lower(long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment limits = arena.allocate(2 * Long.BYTES);
            call("getrlimit", limits);
            FileSizeLimit lowered = new FileSizeLimit(limits.get(JAVA_LONG, 0), limits.get(JAVA_LONG, Long.BYTES));
            lowered.set(bytes);
            return lowered;
        }
    }

    @Override
    public void close() {
        set(previousSoft);
    }

    private void set(long soft) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment limits = arena.allocate(2 * Long.BYTES);
            limits.set(JAVA_LONG, 0, soft);
            limits.set(JAVA_LONG, Long.BYTES, hard);
            call("setrlimit", limits);
        }
    }

    @SuppressWarnings("restricted") // a downcall to libc; surefire passes --enable-native-access
    private static void call(String function, MemorySegment limits) {
        Linker linker = Linker.nativeLinker();
        MethodHandle handle = linker.downcallHandle(linker.defaultLookup().find(function).orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
        try {
            int result = (int) handle.invokeExact(RLIMIT_FSIZE, limits);
            if (result != 0) {
                throw new IllegalStateException(function + "(RLIMIT_FSIZE) failed");
            }
        } catch (Throwable e) {
            throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        }
    }
}
