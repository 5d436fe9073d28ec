package dev.unbindlab.linux.ffi;

import dev.unbindlab.bindings.abi.LinuxAbi;
import dev.unbindlab.bindings.abi.pollfd;
import dev.unbindlab.linux.Errno;
import dev.unbindlab.linux.LinuxException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An open file descriptor with the path it was opened from, so every error names both.
 * Closing is idempotent; using it after {@link #close()} is an {@link IllegalStateException},
 * never a call on a recycled descriptor number.
 */
public final class NativeFile implements AutoCloseable {

    private final int fd;
    private final String path;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NativeFile(int fd, String path) {
        this.fd = fd;
        this.path = path;
    }

    public static NativeFile openReadOnly(String path) throws LinuxException {
        return open(path, LinuxAbi.O_RDONLY());
    }

    public static NativeFile openReadWrite(String path) throws LinuxException {
        return open(path, LinuxAbi.O_RDWR());
    }

    public static NativeFile openWriteOnly(String path) throws LinuxException {
        return open(path, LinuxAbi.O_WRONLY());
    }

    /** {@code open(2)} with {@code O_CLOEXEC} added: nothing we start (QEMU, mtd-utils) inherits our fds. */
    public static NativeFile open(String path, int flags) throws LinuxException {
        return new NativeFile(Libc.open(path, flags | LinuxAbi.O_CLOEXEC()), path);
    }

    /** Creates {@code path} (mode 0644) or truncates it, for writing. */
    public static NativeFile createTruncated(String path) throws LinuxException {
        return new NativeFile(Libc.open(path, LinuxAbi.O_WRONLY() | LinuxAbi.O_CREAT() | LinuxAbi.O_TRUNC() | LinuxAbi.O_CLOEXEC(),
                0644), path);
    }

    public String path() {
        return path;
    }

    public long read(MemorySegment buffer) throws LinuxException {
        return Libc.read(fd(), buffer, path);
    }

    public long pread(MemorySegment buffer, long offset) throws LinuxException {
        return Libc.pread(fd(), buffer, offset, path);
    }

    /**
     * {@code read(2)} at the file position into {@code dst}'s remaining bytes; advances
     * {@code dst}'s position. Returns the byte count, 0 at the end of the file.
     */
    public int read(ByteBuffer dst) throws LinuxException {
        return transfer(dst, false, this::read);
    }

    /** {@code pread(2)}: like {@link #read(ByteBuffer)} at an absolute offset, file position untouched. */
    public int pread(ByteBuffer dst, long offset) throws LinuxException {
        return transfer(dst, false, segment -> pread(segment, offset));
    }

    /** {@code pwrite(2)} of {@code src}'s remaining bytes at {@code offset}; advances {@code src}'s position. */
    public int pwrite(ByteBuffer src, long offset) throws LinuxException {
        return transfer(src, true, segment -> pwrite(segment, offset));
    }

    @FunctionalInterface
    private interface SegmentIo {
        long transfer(MemorySegment segment) throws LinuxException;
    }

    private static int transfer(ByteBuffer buffer, boolean toKernel, SegmentIo io) throws LinuxException {
        if (buffer.isDirect()) {
            int n = (int) io.transfer(MemorySegment.ofBuffer(buffer));
            buffer.position(buffer.position() + n);
            return n;
        }
        // Heap buffers cannot be handed to native code: bounce through a native copy.
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment bounce = arena.allocate(buffer.remaining());
            if (toKernel) {
                bounce.copyFrom(MemorySegment.ofBuffer(buffer));
            }
            int n = (int) io.transfer(bounce);
            if (toKernel) {
                buffer.position(buffer.position() + n);
            } else {
                buffer.put(bounce.asSlice(0, n).asByteBuffer());
            }
            return n;
        }
    }

    /**
     * Up to {@code length} bytes at {@code offset}, as a Java array: {@code pread(2)} until that
     * many or end of file; the first failing call's errno is thrown.
     */
    public byte[] preadBytes(long offset, int length) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(Math.max(1, length));
            long done = 0;
            while (done < length) {
                long n = pread(buffer.asSlice(done, length - done), offset + done);
                if (n == 0) {
                    break;
                }
                done += n;
            }
            return buffer.asSlice(0, done).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        }
    }

    /** Writes all of {@code data} at {@code offset} ({@code pwrite(2)} until done; a 0-byte write is ENOSPC). */
    public void pwriteBytes(byte[] data, long offset) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(Math.max(1, data.length));
            MemorySegment.copy(data, 0, buffer, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, data.length);
            long done = 0;
            while (done < data.length) {
                long n = pwrite(buffer.asSlice(done, data.length - done), offset + done);
                if (n == 0) {
                    throw new LinuxException(Errno.ENOSPC.number(), Errno.ENOSPC.name(), "wrote 0 bytes", "pwrite", path);
                }
                done += n;
            }
        }
    }

    /** Opens {@code path} read-only and returns {@link #preadBytes} of it. */
    public static byte[] readBytes(String path, long offset, int length) throws LinuxException {
        try (NativeFile file = openReadOnly(path)) {
            return file.preadBytes(offset, length);
        }
    }

    public long write(MemorySegment buffer) throws LinuxException {
        return Libc.write(fd(), buffer, path);
    }

    public long pwrite(MemorySegment buffer, long offset) throws LinuxException {
        return Libc.pwrite(fd(), buffer, offset, path);
    }

    /** Writes all of {@code buffer} (sysfs attributes take one write; short writes are retried). */
    public void writeFully(MemorySegment buffer) throws LinuxException {
        long done = 0;
        while (done < buffer.byteSize()) {
            done += write(buffer.asSlice(done));
        }
    }

    /** {@code fsync(2)}: what was written is on the device, or the errno says why not. */
    public void fsync() throws LinuxException {
        Libc.fsync(fd(), path);
    }

    public long seek(long offset, int whence) throws LinuxException {
        return Libc.lseek(fd(), offset, whence, path);
    }

    public int ioctl(long request, String requestName, MemorySegment argument) throws LinuxException {
        return Libc.ioctl(fd(), request, requestName, argument, path);
    }

    public int ioctl(long request, String requestName, int argument) throws LinuxException {
        return Libc.ioctl(fd(), request, requestName, argument, path);
    }

    /**
     * Waits up to {@code timeoutMillis} for {@code POLLIN}; returns the {@code revents} bits,
     * 0 on time-out.
     */
    public int pollIn(int timeoutMillis) throws LinuxException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pfd = pollfd.allocate(arena);
            pollfd.fd(pfd, fd());
            pollfd.events(pfd, (short) LinuxAbi.POLLIN());
            int ready = Libc.poll(pfd, 1, timeoutMillis);
            return ready == 0 ? 0 : pollfd.revents(pfd);
        }
    }

    private int fd() {
        if (closed.get()) {
            throw new IllegalStateException(path + ": used after close");
        }
        return fd;
    }

    @Override
    public void close() throws LinuxException {
        if (closed.compareAndSet(false, true)) {
            Libc.close(fd, path);
        }
    }
}
