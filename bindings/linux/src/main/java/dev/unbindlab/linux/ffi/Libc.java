package dev.unbindlab.linux.ffi;

import dev.unbindlab.bindings.abi.LinuxAbi;
import dev.unbindlab.linux.LinuxException;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static dev.unbindlab.bindings.abi.LinuxAbi.C_INT;
import static dev.unbindlab.bindings.abi.LinuxAbi.C_POINTER;

/**
 * The libc calls of the jextract bindings, re-linked so that each one captures {@code errno}.
 *
 * <p>jextract cannot add linker options, so we take its symbol addresses and function descriptors
 * and build our own downcall handles with {@code Linker.Option.captureCallState("errno")}; the
 * variadic {@code open} and {@code ioctl} also get {@code firstVariadicArg(2)}, which the x86_64
 * and AArch64 calling conventions need for a correct variadic call. Every failure becomes a
 * {@link LinuxException}; {@code EINTR} is retried.
 *
 * <p>This class and {@link NativeFile} are the only places that call native code.
 */
public final class Libc {

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    /** One capture buffer per thread: no allocation per call on hot paths (reads, ioctl loops). */
    private static final ThreadLocal<MemorySegment> CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));

    private static final MethodHandle OPEN = variadic(LinuxAbi.open.address(),
            LinuxAbi.open.makeInvoker(C_INT).descriptor(), 2);
    private static final MethodHandle IOCTL_POINTER = variadic(LinuxAbi.ioctl.address(),
            LinuxAbi.ioctl.makeInvoker(C_POINTER).descriptor(), 2);
    private static final MethodHandle IOCTL_INT = variadic(LinuxAbi.ioctl.address(),
            LinuxAbi.ioctl.makeInvoker(C_INT).descriptor(), 2);
    private static final MethodHandle CLOSE = capturing(LinuxAbi.close$address(), LinuxAbi.close$descriptor());
    private static final MethodHandle READ = capturing(LinuxAbi.read$address(), LinuxAbi.read$descriptor());
    private static final MethodHandle WRITE = capturing(LinuxAbi.write$address(), LinuxAbi.write$descriptor());
    private static final MethodHandle PREAD = capturing(LinuxAbi.pread$address(), LinuxAbi.pread$descriptor());
    private static final MethodHandle PWRITE = capturing(LinuxAbi.pwrite$address(), LinuxAbi.pwrite$descriptor());
    private static final MethodHandle LSEEK = capturing(LinuxAbi.lseek$address(), LinuxAbi.lseek$descriptor());
    private static final MethodHandle POLL = capturing(LinuxAbi.poll$address(), LinuxAbi.poll$descriptor());
    private static final MethodHandle FSYNC = capturing(LinuxAbi.fsync$address(), LinuxAbi.fsync$descriptor());
    private static final MethodHandle MOUNT = capturing(LinuxAbi.mount$address(), LinuxAbi.mount$descriptor());
    private static final MethodHandle UMOUNT2 = capturing(LinuxAbi.umount2$address(), LinuxAbi.umount2$descriptor());
    private static final MethodHandle SIGNAL = capturing(LinuxAbi.signal$address(), LinuxAbi.signal$descriptor());
    /** {@code SIG_ERR}, {@code (void (*)(int)) -1}: a macro jextract cannot translate. */
    private static final long SIG_ERR = -1L;

    private Libc() {
    }

    private static MethodHandle capturing(MemorySegment address, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(address, descriptor, CAPTURE_ERRNO);
    }

    private static MethodHandle variadic(MemorySegment address, FunctionDescriptor descriptor, int firstVariadic) {
        return LINKER.downcallHandle(address, descriptor, CAPTURE_ERRNO, Linker.Option.firstVariadicArg(firstVariadic));
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** A downcall whose first argument is the errno capture segment; negative results are failures. */
    @FunctionalInterface
    private interface Downcall {
        long invoke(MemorySegment capture) throws Throwable;
    }

    /**
     * Runs {@code call}, retrying on EINTR; any other failure becomes a {@link LinuxException}
     * naming {@code operation} and {@code path}.
     */
    private static long call(String operation, String path, Downcall call) throws LinuxException {
        MemorySegment capture = CAPTURE.get();
        while (true) {
            long result;
            try {
                result = call.invoke(capture);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException("native call " + operation + " failed", t);
            }
            if (result >= 0) {
                return result;
            }
            int errno = errno(capture);
            if (errno != LinuxAbi.EINTR()) {
                throw exception(errno, operation, path);
            }
        }
    }

    /** {@code open(2)}; {@code path} is also what error messages name. */
    public static int open(String path, int flags) throws LinuxException {
        return open(path, flags, 0);
    }

    /** {@code open(2)} with the mode a file created by {@code O_CREAT} gets. */
    public static int open(String path, int flags, int mode) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            return (int) call("open", path, capture -> (int) OPEN.invokeExact(capture, cPath, flags, mode));
        }
    }

    /** {@code fsync(2)}: the data and metadata of {@code fd} on stable storage, or the errno why not. */
    public static void fsync(int fd, String path) throws LinuxException {
        call("fsync", path, capture -> (int) FSYNC.invokeExact(capture, fd));
    }

    /** {@code mount(2)}; {@code data} is the file system's option string (may be empty). */
    public static void mount(String source, String target, String fsType, long flags, String data) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cSource = arena.allocateFrom(source);
            MemorySegment cTarget = arena.allocateFrom(target);
            MemorySegment cType = arena.allocateFrom(fsType);
            MemorySegment cData = arena.allocateFrom(data);
            call("mount", source + " on " + target, capture -> (int) MOUNT.invokeExact(capture, cSource, cTarget, cType, flags, cData));
        }
    }

    /**
     * {@code signal(2)} with {@code SIG_DFL} (the null handler): the signal's default action for
     * this process and for the processes it starts from now on.
     */
    public static void defaultSignalAction(int signal, String name) throws LinuxException {
        MemorySegment capture = CAPTURE.get();
        MemorySegment previous;
        try {
            previous = (MemorySegment) SIGNAL.invokeExact(capture, signal, MemorySegment.NULL);
        } catch (Throwable t) {
            throw new IllegalStateException("native call signal failed", t);
        }
        if (previous.address() == SIG_ERR) {
            throw exception(errno(capture), "signal", name);
        }
    }

    /** {@code umount2(2)} with {@code flags} (0, {@code MNT_DETACH}, {@code MNT_FORCE}). */
    public static void umount2(String target, int flags) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cTarget = arena.allocateFrom(target);
            call("umount", target, capture -> (int) UMOUNT2.invokeExact(capture, cTarget, flags));
        }
    }

    /** {@code close(2)}: never retried, even on EINTR; on Linux the descriptor is gone either way. */
    public static void close(int fd, String path) throws LinuxException {
        MemorySegment capture = CAPTURE.get();
        int result;
        try {
            result = (int) CLOSE.invokeExact(capture, fd);
        } catch (Throwable t) {
            throw new IllegalStateException("native call close failed", t);
        }
        if (result != 0 && errno(capture) != LinuxAbi.EINTR()) {
            throw exception(errno(capture), "close", path);
        }
    }

    public static long read(int fd, MemorySegment buffer, String path) throws LinuxException {
        return call("read", path, capture -> (long) READ.invokeExact(capture, fd, buffer, buffer.byteSize()));
    }

    public static long pread(int fd, MemorySegment buffer, long offset, String path) throws LinuxException {
        return call("pread", path, capture -> (long) PREAD.invokeExact(capture, fd, buffer, buffer.byteSize(), offset));
    }

    public static long write(int fd, MemorySegment buffer, String path) throws LinuxException {
        return call("write", path, capture -> (long) WRITE.invokeExact(capture, fd, buffer, buffer.byteSize()));
    }

    public static long pwrite(int fd, MemorySegment buffer, long offset, String path) throws LinuxException {
        return call("pwrite", path, capture -> (long) PWRITE.invokeExact(capture, fd, buffer, buffer.byteSize(), offset));
    }

    public static long lseek(int fd, long offset, int whence, String path) throws LinuxException {
        return call("lseek", path, capture -> (long) LSEEK.invokeExact(capture, fd, offset, whence));
    }

    /** {@code ioctl(fd, request, pointer)}; {@code requestName} (e.g. "MEMGETINFO") goes into errors. */
    public static int ioctl(int fd, long request, String requestName, MemorySegment argument, String path)
            throws LinuxException {
        return (int) call("ioctl " + requestName, path,
                capture -> (int) IOCTL_POINTER.invokeExact(capture, fd, request, argument));
    }

    /** {@code ioctl(fd, request, int)} for requests that take their argument by value (MTDFILEMODE). */
    public static int ioctl(int fd, long request, String requestName, int argument, String path)
            throws LinuxException {
        return (int) call("ioctl " + requestName, path,
                capture -> (int) IOCTL_INT.invokeExact(capture, fd, request, argument));
    }

    /** {@code poll(2)} on an array of {@code struct pollfd}; how many have events, 0 on time-out. */
    public static int poll(MemorySegment pollfds, long count, int timeoutMillis) throws LinuxException {
        // EINTR is retried with the full time-out again: callers loop on their own deadline anyway.
        return (int) call("poll", null, capture -> (int) POLL.invokeExact(capture, pollfds, count, timeoutMillis));
    }

    /** The symbolic name of an errno value, e.g. 25 → "ENOTTY"; "errno N" if libc has none. */
    public static String errnoName(int errno) {
        MemorySegment name = LinuxAbi.strerrorname_np(errno);
        return name.equals(MemorySegment.NULL) ? "errno " + errno : name.reinterpret(64).getString(0);
    }

    /** libc's description of an errno value, e.g. "Inappropriate ioctl for device". */
    public static String describe(int errno) {
        return LinuxAbi.strerror(errno).reinterpret(256).getString(0);
    }

    public static LinuxException exception(int errno, String operation, String path) {
        return new LinuxException(errno, errnoName(errno), describe(errno), operation, path);
    }
}
