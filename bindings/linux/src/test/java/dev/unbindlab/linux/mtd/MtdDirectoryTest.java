package dev.unbindlab.linux.mtd;

import dev.unbindlab.linux.sysfs.FakeSysfsTree;
import dev.unbindlab.linux.sysfs.Sysfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MtdDirectoryTest {

    @TempDir Path sys;
    @TempDir Path dev;

    @Test
    void listsByIndexAndSkipsReadOnlyTwins() throws Exception {
        FakeSysfsTree tree = new FakeSysfsTree(sys);
        Path nand = tree.device("platform", "platform/nandsim");
        tree.mtd(10, "NAND simulator partition 0", nand);
        tree.mtd(2, "mtdram test device", nand);
        Files.createDirectories(sys.resolve("class/mtd/mtd2ro"));
        List<MtdEntry> entries = new MtdDirectory(new Sysfs(sys), dev).list();
        assertEquals(List.of(2, 10), entries.stream().map(MtdEntry::index).toList());
        assertEquals("mtdram test device", entries.getFirst().name());
        assertEquals(dev.resolve("mtd2"), entries.getFirst().deviceNode());
        assertEquals(16777216, entries.getFirst().size());
    }

    @Test
    void awaitByNameFollowsTheNameToItsNewNumber() throws Exception {
        FakeSysfsTree tree = new FakeSysfsTree(sys);
        Path flash = tree.device("spi", "platform/f1010000.spi/spi0.0");
        MtdDirectory directory = new MtdDirectory(new Sysfs(sys), dev);
        // After a rebind the same flash comes back as mtd1, and its node shows up a bit later.
        Thread rebind = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
                tree.mtd(1, "spi0.0", flash);
                Thread.sleep(100);
                Files.createFile(dev.resolve("mtd1"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        MtdEntry entry = directory.awaitByName("spi0.0", Duration.ofSeconds(10));
        rebind.join();
        assertEquals(1, entry.index());
        assertTrue(Files.exists(entry.deviceNode()));
    }

    @Test
    void awaitByNameTimesOutNamingTheMtd() {
        MtdDirectory directory = new MtdDirectory(new Sysfs(sys), dev);
        TimeoutException e = assertThrows(TimeoutException.class,
                () -> directory.awaitByName("spi0.0", Duration.ofMillis(50)));
        assertTrue(e.getMessage().contains("spi0.0"));
    }
}
