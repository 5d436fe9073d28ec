package dev.unbindlab.stress;

import dev.unbindlab.linux.sysfs.Sysfs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MtdUsageTest {

    @TempDir
    Path root;
    Sysfs sysfs;
    Path flash;
    Path mountinfo;

    /** A controller with one flash (partitions mtd0 "boot", mtd1 "rootfs") and an unrelated mtd2 "other". */
    @BeforeEach
    void sysfs() throws IOException {
        sysfs = new Sysfs(root);
        Path controller = Files.createDirectories(root.resolve("devices/platform/f1010000.spi"));
        flash = Files.createDirectories(controller.resolve("spi_master/spi0/spi0.0"));
        mtd(0, "boot", flash);
        mtd(1, "rootfs", flash);
        mtd(2, "other", Files.createDirectories(root.resolve("devices/platform/elsewhere")));
        mountinfo = root.resolve("mountinfo");
        Files.writeString(mountinfo, "22 1 0:21 / /proc rw,nosuid - proc proc rw\n");
    }

    private void mtd(int index, String name, Path parent) throws IOException {
        Path directory = Files.createDirectories(parent.resolve("mtd/mtd" + index));
        Files.writeString(directory.resolve("name"), name + "\n");
        Files.createDirectories(root.resolve("class/mtd"));
        Files.createSymbolicLink(root.resolve("class/mtd/mtd" + index), directory);
    }

    private void ubi(int ubi, int mtd) throws IOException {
        Path directory = Files.createDirectories(root.resolve("class/ubi/ubi" + ubi));
        Files.writeString(directory.resolve("mtd_num"), mtd + "\n");
    }

    private void mount(String source, String type, String mountPoint) throws IOException {
        Files.writeString(mountinfo, "30 1 31:0 / " + mountPoint + " rw shared:1 - " + type + " " + source + " rw\n",
                java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void nothingUsesAnIdleFlash() throws IOException {
        ubi(0, 2);
        mount("/dev/mtdblock2", "squashfs", "/other");
        assertEquals(List.of(), MtdUsage.of(sysfs, flash, mountinfo));
    }

    @Test
    void findsUbiAndEveryKindOfMountBelowTheDevice() throws IOException {
        ubi(0, 1);
        mount("/dev/mtdblock0", "squashfs", "/boot");
        mount("ubi0:rootfs", "ubifs", "/mnt/with\\040space");
        mount("mtd:boot", "jffs2", "/jffs");
        mount("mtd2", "jffs2", "/elsewhere");
        assertEquals(List.of(
                "mtd1 (rootfs) is attached to UBI as ubi0",
                "mtd0 (boot) is mounted on /boot (squashfs from /dev/mtdblock0)",
                "mtd1 (rootfs) carries ubi0, mounted on /mnt/with space (ubifs from ubi0:rootfs)",
                "mtd0 (boot) is mounted on /jffs (jffs2 from mtd:boot)"), MtdUsage.of(sysfs, flash, mountinfo));
    }

    @Test
    void theControllerCoversEveryFlashOnIt() throws IOException {
        mount("/dev/mtdblock1", "ext2", "/data");
        assertEquals(List.of("mtd1 (rootfs) is mounted on /data (ext2 from /dev/mtdblock1)"),
                MtdUsage.of(sysfs, root.resolve("devices/platform/f1010000.spi"), mountinfo));
    }

    @Test
    void targetsAreBusDriverDevice() {
        assertEquals(new UnbindTarget("spi/spi0.0", "spi-nor"), UnbindTarget.parse("spi/spi-nor/spi0.0"));
        assertEquals(new UnbindTarget("platform/f1010000.spi", "cadence-qspi"), UnbindTarget.parse("platform/cadence-qspi/f1010000.spi"));
        for (String bad : List.of("spi0.0", "spi/spi0.0", "spi//spi0.0", "a/b/c/d", "/spi-nor/spi0.0")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UnbindTarget.parse(bad));
            assertEquals(true, e.getMessage().contains("BUS/DRIVER/DEVICE"), e.getMessage());
        }
    }
}
