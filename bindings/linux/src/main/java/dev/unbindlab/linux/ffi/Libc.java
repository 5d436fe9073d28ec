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

    /** {@code open(2)}; {@code path} is also what error messages name. */
    public static int open(String path, int flags) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cPath = arena.allocateFrom(path);
            MemorySegment capture = CAPTURE.get();
            while (true) {
                int fd = (int) OPEN.invokeExact(capture, cPath, flags, 0);
                if (fd >= 0) {
                    return fd;
                }
                int errno = errno(capture);
                if (errno != LinuxAbi.EINTR()) {
                    throw exception(errno, "open", path);
                }
            }
        } catch (LinuxException e) {
            throw e;
        } catch (Throwable t) {
            throw linkageFailure("open", t);
        }
    }

    public static void close(int fd, String path) throws LinuxException {
        MemorySegment capture = CAPTURE.get();
        int result;
        try {
            result = (int) CLOSE.invokeExact(capture, fd);
        } catch (Throwable t) {
            throw linkageFailure("close", t);
        }
        // close(2): never retry, even on EINTR; the descriptor is gone either way on Linux.
        if (result != 0 && errno(capture) != LinuxAbi.EINTR()) {
            throw exception(errno(capture), "close", path);
        }
    }

    public static long read(int fd, MemorySegment buffer, String path) throws LinuxException {
        MemorySegment capture = CAPTURE.get();
        while (true) {
            long n;
            try {
                n = (long) READ.invokeExact(capture, fd, buffer, buffer.byteSize());
            } catch (Throwable t) {
                throw linkageFailure("read", t);
            }
            if (n >= 0) {
                return n;
            }
            checkRetry(capture, "read", path);
        }
    }

    public static long pread(int fd, MemorySegment buffer, long offset, String path) throws LinuxException {
        MemorySegment capture = CAPTURE.get();
        while (true) {
            long n;
            try {
                n = (long) PREAD.invokeExact(capture, fd, buffer, buffer.byteSize(), offset);
            } catch (Throwable t) {
                throw linkageFailure("pread", t);
            }
            if (n >= 0) {
                return n;
            }
            checkRetry(capture, "pread", path);
        }
    }

    public static long write(int fd, MemorySegment buffer, String path) throws LinuxException {
        MemorySegment capture = CAPTURE.get();
        while (true) {
            long n;
            try {
                n = (long) WRITE.invokeExact(capture, fd, buffer, buffer.byteSize());
            } catch (Throwable t) {
                throw linkageFailure("write", t);
            }
            if (n >= 0) {
                return n;
            }
            checkRetry(capture, "write", path);
        }
    }

    public static long pwrite(int fd, MemorySegment buffer, long offset, String path) throws LinuxException {
        MemorySegment capture = CAPTURE.get();
        while (true) {
            long n;
            try {
                n = (long) PWRITE.invokeExact(capture, fd, buffer, buffer.byteSize(), offset);
            } catch (Throwable t) {
                throw linkageFailure("pwrite", t);
            }
            if (n >= 0) {
                return n;
            }
            checkRetry(capture, "pwrite", path);
        }
    }

    public static long lseek(int fd, long offset, int whence, String path) throws LinuxException {
        MemorySegment capture = CAPTURE.get();
        long result;
        try {
            result = (long) LSEEK.invokeExact(capture, fd, offset, whence);
        } catch (Throwable t) {
            throw linkageFailure("lseek", t);
        }
        if (result < 0) {
            throw exception(errno(capture), "lseek", path);
        }
        return result;
    }

    /** {@code ioctl(fd, request, pointer)}; {@code requestName} (e.g. "MEMGETINFO") goes into errors. */
    public static int ioctl(int fd, long request, String requestName, MemorySegment argument, String path)
            throws LinuxException {
        MemorySegment capture = CAPTURE.get();
        while (true) {
            int result;
            try {
                result = (int) IOCTL_POINTER.invokeExact(capture, fd, request, argument);
            } catch (Throwable t) {
                throw linkageFailure("ioctl", t);
            }
            if (result >= 0) {
                return result;
            }
            checkRetry(capture, "ioctl " + requestName, path);
        }
    }

    /** {@code ioctl(fd, request, int)} for requests that take their argument by value (MTDFILEMODE). */
    public static int ioctl(int fd, long request, String requestName, int argument, String path)
            throws LinuxException {
        MemorySegment capture = CAPTURE.get();
        while (true) {
            int result;
            try {
                result = (int) IOCTL_INT.invokeExact(capture, fd, request, argument);
            } catch (Throwable t) {
                throw linkageFailure("ioctl", t);
            }
            if (result >= 0) {
                return result;
            }
            checkRetry(capture, "ioctl " + requestName, path);
        }
    }

    /** {@code poll(2)} on an array of {@code struct pollfd}; returns how many have events (0 on time-out). */
    public static int poll(MemorySegment pollfds, long count, int timeoutMillis) throws LinuxException {
        MemorySegment capture = CAPTURE.get();
        int result;
        try {
            result = (int) POLL.invokeExact(capture, pollfds, count, timeoutMillis);
        } catch (Throwable t) {
            throw linkageFailure("poll", t);
        }
        if (result < 0) {
            int errno = errno(capture);
            if (errno == LinuxAbi.EINTR()) {
                return 0; // the caller's loop re-checks its deadline
            }
            throw exception(errno, "poll", null);
        }
        return result;
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

    private static void checkRetry(MemorySegment capture, String operation, String path) throws LinuxException {
        int errno = errno(capture);
        if (errno != LinuxAbi.EINTR()) {
            throw exception(errno, operation, path);
        }
    }

    private static IllegalStateException linkageFailure(String function, Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("native call " + function + " failed to link", cause);
    }
}
