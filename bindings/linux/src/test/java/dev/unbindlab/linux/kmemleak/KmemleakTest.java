package dev.unbindlab.linux.kmemleak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KmemleakTest {

    /** Two records as a 7.3 arm64 guest prints them (addresses and hex dump shortened). */
    private static final String TWO_LEAKS = """
            unreferenced object 0xffff000003a1c800 (size 128):
              comm "java", pid 212, jiffies 4294939123
              hex dump (first 32 bytes):
                00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................
              backtrace (crc 5b3f1a2e):
                kmemleak_alloc+0x34/0x48
                __kmalloc_cache_noprof+0x1f0/0x2a8
                mtdchar_open+0x94/0x2f0
            unreferenced object 0xffff000003a1d000 (size 64):
              comm "java", pid 214, jiffies 4294939180
              backtrace (crc 1a2b3c4d):
                kmemleak_alloc+0x34/0x48
            """;

    @Test
    void splitsOneEntryPerObject() {
        List<String> leaks = Kmemleak.parse(TWO_LEAKS);
        assertEquals(2, leaks.size());
        assertTrue(leaks.get(0).startsWith("unreferenced object 0xffff000003a1c800 (size 128):"));
        assertTrue(leaks.get(0).endsWith("mtdchar_open+0x94/0x2f0"));
        assertEquals(4, leaks.get(1).lines().count());
    }

    @Test
    void anEmptyFileHasNoLeaks() {
        assertEquals(List.of(), Kmemleak.parse(""));
    }

    @Test
    void writesTheCommandWordsAndReadsTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kmemleak");
        Kmemleak kmemleak = new Kmemleak(file);
        kmemleak.clear();
        assertEquals("clear", Files.readString(file));
        kmemleak.scan();
        assertEquals("scan", Files.readString(file));
        Files.writeString(file, TWO_LEAKS);
        assertEquals(2, kmemleak.leaks().size());
    }
}
