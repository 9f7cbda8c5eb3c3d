package io.cellchat.platform.rocksdb;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The CPU priority ("nice") of the calling thread, set through the C library's {@code setpriority} on its Linux
 * thread ID (Linux keeps a nice value per thread). Raising a priority (a negative nice) needs {@code CAP_SYS_NICE}
 * or a matching {@code RLIMIT_NICE}; without it the call is refused and the thread keeps its priority.
 */
final class ThreadNice {

    private static final int PRIO_PROCESS = 0;

    private ThreadNice() {}

    /**
     * Sets the calling thread's nice value.
     *
     * @return empty if it was set, else why not
     */
    static Optional<String> set(int nice) {
        Linker linker = Linker.nativeLinker();
        var libc = linker.defaultLookup();
        var setpriority = libc.find("setpriority");
        var gettid = libc.find("gettid");
        if (setpriority.isEmpty() || gettid.isEmpty()) {
            return Optional.of("this C library has no setpriority or gettid (not Linux)");
        }
        StructLayout state = Linker.Option.captureStateLayout();
        VarHandle errno = state.varHandle(PathElement.groupElement("errno"));
        MethodHandle threadId = linker.downcallHandle(gettid.get(), FunctionDescriptor.of(JAVA_INT));
        MethodHandle priority = linker.downcallHandle(setpriority.get(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.captureCallState("errno"));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment captured = arena.allocate(state);
            int tid = (int) threadId.invokeExact();
            int result = (int) priority.invokeExact(captured, PRIO_PROCESS, tid, nice);
            if (result == 0) {
                return Optional.empty();
            }
            int code = (int) errno.get(captured, 0L);
            return Optional.of(code == 13 || code == 1
                    ? "not permitted (a negative nice needs CAP_SYS_NICE, or an RLIMIT_NICE of " + (20 - nice)
                            + ", ulimit -e)"
                    : "setpriority failed with errno " + code);
        } catch (Throwable e) {
            return Optional.of("setpriority could not be called: " + e);
        }
    }

    /** The calling thread's nice value, from {@code /proc/thread-self/stat} (tests). */
    static int current() throws IOException {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        // The name (field 2) is in parentheses and may hold spaces; nice is the 19th field, the 17th after it.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }
}
