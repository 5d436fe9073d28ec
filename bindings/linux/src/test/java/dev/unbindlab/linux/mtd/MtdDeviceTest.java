package dev.unbindlab.linux.mtd;

import dev.unbindlab.linux.DestructiveAccess;
import dev.unbindlab.linux.Errno;
import dev.unbindlab.linux.LinuxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What can be checked without an MTD: the error paths, the read-only guard and the buffer
 * handling of read/pread/write on ordinary files. Real MTD behaviour is tested in the VM.
 */
class MtdDeviceTest {

    @Test
    void infoOnNonMtdIsEnottyNamingTheIoctl() throws LinuxException {
        try (MtdDevice device = MtdDevice.open(Path.of("/dev/null"))) {
            LinuxException e = assertThrows(LinuxException.class, device::info);
            assertTrue(e.is(Errno.ENOTTY));
            assertEquals("/dev/null: ioctl MEMGETINFO: ENOTTY (Inappropriate ioctl for device)", e.getMessage());
        }
    }

    @Test
    void openOfMissingDeviceIsEnoent() {
        LinuxException e = assertThrows(LinuxException.class, () -> MtdDevice.open(Path.of("/dev/mtd-unbindlab-none")));
        assertEquals("ENOENT", e.errnoName());
    }

    @Test
    void readOnlyDeviceRefusesEveryWriteBeforeAnySystemCall(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("flash"), new byte[64]);
        try (MtdDevice device = MtdDevice.open(file)) {
            assertFalse(device.isWritable());
            assertThrows(IllegalStateException.class, () -> device.erase(0, 16));
            assertThrows(IllegalStateException.class, () -> device.write(ByteBuffer.allocate(4), 0));
            assertThrows(IllegalStateException.class, () -> device.writeOob(0, new byte[4]));
            assertThrows(IllegalStateException.class, () -> device.markBad(0));
            assertThrows(IllegalStateException.class, () -> device.writePages(0, new byte[4], new byte[0], OobMode.AUTO_OOB));
        }
        assertArrayEquals(new byte[64], Files.readAllBytes(file));
    }

    @Test
    void openWritableNeedsDestructiveAccess(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("flash"), new byte[8]);
        assertThrows(NullPointerException.class, () -> MtdDevice.openWritable(file, null));
        assertThrows(IllegalArgumentException.class, () -> new DestructiveAccess(" "));
    }

    @Test
    void preadFillsDirectAndHeapBuffersAndAdvancesPosition(@TempDir Path dir) throws Exception {
        byte[] content = new byte[256];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        Path file = Files.write(dir.resolve("flash"), content);
        try (MtdDevice device = MtdDevice.open(file)) {
            ByteBuffer direct = ByteBuffer.allocateDirect(16);
            direct.position(4);
            assertEquals(12, device.pread(direct, 100));
            assertEquals(16, direct.position());
            assertEquals(100, direct.get(4));
            assertEquals(111, direct.get(15));

            ByteBuffer heap = ByteBuffer.allocate(8);
            assertEquals(8, device.pread(heap, 250 - 2));
            assertArrayEquals(new byte[] {(byte) 248, (byte) 249, (byte) 250, (byte) 251, (byte) 252, (byte) 253,
                    (byte) 254, (byte) 255}, heap.array());

            ByteBuffer sequential = ByteBuffer.allocateDirect(200);
            device.seek(10);
            assertEquals(200, device.read(sequential));
            assertEquals(10, sequential.get(0));
            ByteBuffer rest = ByteBuffer.allocateDirect(200);
            assertEquals(46, device.read(rest), "read continues at the file position");
            assertEquals(0, device.read(ByteBuffer.allocateDirect(1)), "0 at the end");
        }
    }

    @Test
    void writableDeviceWritesHeapAndDirectBuffers(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("flash"), new byte[8]);
        try (MtdDevice device = MtdDevice.openWritable(file, DestructiveAccess.grantedByFlag("--destructive"))) {
            ByteBuffer heap = ByteBuffer.wrap(new byte[] {1, 2, 3});
            assertEquals(3, device.write(heap, 1));
            assertFalse(heap.hasRemaining());
            ByteBuffer direct = ByteBuffer.allocateDirect(2).put(new byte[] {7, 7}).flip();
            assertEquals(2, device.write(direct, 6));
        }
        assertArrayEquals(new byte[] {0, 1, 2, 3, 0, 0, 7, 7}, Files.readAllBytes(file));
    }

    @Test
    void typeAndFlagDecoding() {
        assertEquals(MtdType.NAND_FLASH, MtdType.fromKernel(4));
        assertEquals(MtdType.NOR_FLASH, MtdType.fromKernel(3));
        assertEquals(MtdType.UNKNOWN, MtdType.fromKernel(5), "5 is unused in mtd-abi.h");
        assertEquals(java.util.Set.of(MtdFlag.WRITEABLE, MtdFlag.BIT_WRITEABLE, MtdFlag.NO_ERASE),
                MtdFlag.decode(0x1c00), "MTD_CAP_RAM");
    }
}
