package dev.unbindlab.linux.ffi;

import dev.unbindlab.bindings.abi.LinuxAbi;
import dev.unbindlab.linux.Errno;
import dev.unbindlab.linux.LinuxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real failing system calls on the host: the errno must survive the JVM's own calls in between. */
class ErrnoCaptureTest {

    @Test
    void openOfMissingFileIsEnoent() {
        LinuxException e = assertThrows(LinuxException.class, () -> NativeFile.openReadOnly("/nonexistent/unbindlab"));
        assertEquals(Errno.ENOENT.number(), e.errno());
        assertEquals("ENOENT", e.errnoName());
        assertEquals("open", e.operation());
        assertEquals("/nonexistent/unbindlab: open: ENOENT (No such file or directory)", e.getMessage());
    }

    @Test
    void readOnBadDescriptorIsEbadf() {
        try (Arena arena = Arena.ofConfined()) {
            LinuxException e = assertThrows(LinuxException.class, () -> Libc.read(-1, arena.allocate(16), "fd -1"));
            assertTrue(e.is(Errno.EBADF), e.getMessage());
        }
    }

    @Test
    void closeOfBadDescriptorIsEbadf() {
        LinuxException e = assertThrows(LinuxException.class, () -> Libc.close(-1, "fd -1"));
        assertEquals("EBADF", e.errnoName());
    }

    @Test
    void mtdIoctlOnDevNullIsEnotty() throws LinuxException {
        try (NativeFile devNull = NativeFile.openReadOnly("/dev/null");
             Arena arena = Arena.ofConfined()) {
            LinuxException e = assertThrows(LinuxException.class,
                    () -> devNull.ioctl(LinuxAbi.MEMGETINFO(), "MEMGETINFO", arena.allocate(32)));
            assertEquals("ENOTTY", e.errnoName());
            assertEquals("ioctl MEMGETINFO", e.operation());
            assertEquals("/dev/null", e.path().orElseThrow());
        }
    }

    @Test
    void writeToReadOnlyDescriptorIsEbadf(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        try (NativeFile readOnly = NativeFile.openReadOnly(file.toString());
             Arena arena = Arena.ofConfined()) {
            LinuxException e = assertThrows(LinuxException.class, () -> readOnly.write(arena.allocateFrom("y")));
            assertTrue(e.is(Errno.EBADF), e.getMessage());
        }
    }

    @Test
    void seekWithInvalidWhenceIsEinval() throws LinuxException {
        try (NativeFile devNull = NativeFile.openReadOnly("/dev/null")) {
            LinuxException e = assertThrows(LinuxException.class, () -> devNull.seek(0, 12345));
            assertTrue(e.is(Errno.EINVAL), e.getMessage());
        }
    }

    @Test
    void preadAndWriteMoveRealBytes(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("data"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        try (NativeFile rw = NativeFile.openReadWrite(file.toString());
             Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(4);
            assertEquals(4, rw.pread(buffer, 2));
            assertArrayEquals(new byte[] {3, 4, 5, 6}, buffer.toArray(ValueLayout.JAVA_BYTE));
            assertEquals(2, rw.pwrite(arena.allocateFrom(ValueLayout.JAVA_BYTE, (byte) 9, (byte) 9), 0));
        }
        assertArrayEquals(new byte[] {9, 9, 3, 4, 5, 6, 7, 8}, Files.readAllBytes(file));
    }

    @Test
    void useAfterCloseIsRefusedWithoutASystemCall() throws LinuxException {
        NativeFile devNull = NativeFile.openReadOnly("/dev/null");
        devNull.close();
        devNull.close(); // idempotent
        try (Arena arena = Arena.ofConfined()) {
            assertThrows(IllegalStateException.class, () -> devNull.read(arena.allocate(1)));
        }
    }

    /** The enum's numbers come from the headers through jextract; libc must name each the same. */
    @ParameterizedTest
    @EnumSource(Errno.class)
    void errnoConstantsAgreeWithLibcNames(Errno errno) {
        assertEquals(errno.name(), Libc.errnoName(errno.number()));
    }

    @Test
    void unknownErrnoStillGetsAName() {
        assertEquals("errno 4000", Libc.errnoName(4000));
    }

    @Test
    void createdFileIsTruncatedWrittenAndSynced(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data");
        Files.write(file, new byte[100]);
        try (NativeFile out = NativeFile.createTruncated(file.toString())) {
            out.pwriteBytes(new byte[] {1, 2, 3}, 0);
            out.fsync();
        }
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
    }

    @Test
    void fsyncOfAPipeLikeFileIsEinval() throws LinuxException {
        try (NativeFile devNull = NativeFile.openReadOnly("/dev/null")) {
            LinuxException e = assertThrows(LinuxException.class, devNull::fsync);
            assertEquals("EINVAL", e.errnoName());
            assertEquals("fsync", e.operation());
        }
    }
}
