package dev.unbindlab.vm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DiskImageTest {

    @Test
    void makesAnExt4ImageOfTheSizeAsked(@TempDir Path run) throws Exception {
        DiskImage disk = new DiskImage("sdcard", 4 << 20, "ext4", "unbindlab");
        Path image = disk.create(run);
        assertEquals(run.resolve("sdcard.img"), image);
        assertEquals(4 << 20, Files.size(image));
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "r")) {
            // The ext4 superblock starts at byte 1024: magic 0xEF53 at +56 (little endian), volume name at +120.
            file.seek(1024 + 56);
            assertEquals(0xEF53, file.readUnsignedByte() | file.readUnsignedByte() << 8);
            byte[] label = new byte[16];
            file.seek(1024 + 120);
            file.readFully(label);
            assertEquals("unbindlab", new String(label, StandardCharsets.US_ASCII).replace("\0", ""));
        }
        assertEquals(List.of("-drive", "if=none,id=sdcard,file=" + image + ",format=raw"), disk.qemuArguments(run));
    }

    @Test
    void refusesWhatQemuOrMkfsWouldRefuse() {
        assertThrows(IllegalArgumentException.class, () -> new DiskImage("sdcard", 48L << 20, "ext4", "x"));
        assertThrows(IllegalArgumentException.class, () -> new DiskImage("sdcard", 512 << 10, "ext4", "x"));
        assertThrows(IllegalArgumentException.class, () -> new DiskImage("SD card", 64L << 20, "ext4", "x"));
        assertThrows(IllegalArgumentException.class, () -> new DiskImage("sdcard", 64L << 20, "vfat", "x"));
        assertThrows(IllegalArgumentException.class, () -> new DiskImage("sdcard", 64L << 20, "ext4", "a-label-over-16-bytes"));
    }
}
