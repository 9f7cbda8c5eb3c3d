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
 * The CPU priority ("nice") of the calling thread, set through the C library's {@code setpriority}. On Linux the
 * nice value is a property of each thread, and {@code setpriority(PRIO_PROCESS, 0, nice)} sets the calling thread's
 * (setpriority(2), "BUGS"). Raising a priority (a negative nice) needs {@code CAP_SYS_NICE} or an
 * {@code RLIMIT_NICE} of at least {@code 20 - nice}; without either the call is refused and the thread keeps its
 * priority. A new thread starts with the nice of the thread that created it.
 */
final class ThreadNice {

    private static final int PRIO_PROCESS = 0;
    private static final int CALLING_THREAD = 0;
    private static final int EPERM = 1;
    private static final int EACCES = 13;

    private ThreadNice() {}

    /**
     * Sets the calling thread's nice value; never throws.
     *
     * @return empty if it was set, else why not
     */
    @SuppressWarnings("restricted") // a downcall to libc; every launcher passes --enable-native-access
    static Optional<String> set(int nice) {
        try (Arena arena = Arena.ofConfined()) {
            Linker linker = Linker.nativeLinker();
            var setpriority = linker.defaultLookup().find("setpriority");
            if (setpriority.isEmpty()) {
                return Optional.of("this C library has no setpriority");
            }
            StructLayout state = Linker.Option.captureStateLayout();
            VarHandle errno = state.varHandle(PathElement.groupElement("errno"));
            MethodHandle priority = linker.downcallHandle(setpriority.get(),
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
                    Linker.Option.captureCallState("errno"));
            MemorySegment captured = arena.allocate(state);
            int result = (int) priority.invokeExact(captured, PRIO_PROCESS, CALLING_THREAD, nice);
            if (result == 0) {
                return Optional.empty();
            }
            int code = (int) errno.get(captured, 0L);
            return Optional.of(code == EACCES || code == EPERM
                    ? "not permitted (a negative nice needs CAP_SYS_NICE, or an RLIMIT_NICE of at least "
                            + (20 - nice) + ": ulimit -e, systemd LimitNICE)"
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
