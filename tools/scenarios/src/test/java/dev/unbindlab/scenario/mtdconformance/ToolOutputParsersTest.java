package dev.unbindlab.scenario.mtdconformance;

import dev.unbindlab.linux.mtd.EccStats;
import dev.unbindlab.linux.mtd.MtdFlag;
import dev.unbindlab.linux.mtd.MtdType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parsers against output captured from the tools in a real guest. */
class ToolOutputParsersTest {

    @Test
    void mtdinfoOfMtdram() {
        MtdinfoReport r = MtdinfoReport.parse(GuestOutputs.text("mtdinfo-mtdram.txt"));
        assertEquals(new MtdinfoReport("mtd0", "mtdram test device", MtdType.RAM, "ram", 65536, 16, 1048576, 1, 1, 0,
                new DeviceNumber(90, 0), false, true), r);
    }

    @Test
    void mtdinfoOfNandsim() {
        MtdinfoReport r = MtdinfoReport.parse(GuestOutputs.text("mtdinfo-nandsim.txt"));
        assertEquals(new MtdinfoReport("mtd1", "NAND simulator partition 0", MtdType.NAND_FLASH, "nand", 16384, 1024,
                16777216, 512, 256, 16, new DeviceNumber(90, 2), true, true), r);
    }

    @Test
    void mtdinfoWithoutARequiredLineIsAnError() {
        String truncated = GuestOutputs.text("mtdinfo-nandsim.txt").replaceAll("(?m)^Eraseblock size:.*\n", "");
        var e = assertThrows(IllegalArgumentException.class, () -> MtdinfoReport.parse(truncated));
        assertTrue(e.getMessage().contains("Eraseblock size"), e.getMessage());
    }

    @Test
    void mtdDebugInfoOfMtdram() {
        MtdDebugInfo r = MtdDebugInfo.parse(GuestOutputs.text("mtd_debug-info-mtdram.txt"));
        assertEquals(new MtdDebugInfo(MtdType.RAM, "MTD_RAM",
                MtdFlag.WRITEABLE.mask() | MtdFlag.BIT_WRITEABLE.mask() | MtdFlag.NO_ERASE.mask(), "MTD_CAP_RAM",
                1048576, 65536, 1, 0, 0), r);
        assertEquals(0x1c00, r.flags());
    }

    @Test
    void mtdDebugInfoOfNandsim() {
        MtdDebugInfo r = MtdDebugInfo.parse(GuestOutputs.text("mtd_debug-info-nandsim.txt"));
        assertEquals(new MtdDebugInfo(MtdType.NAND_FLASH, "MTD_NANDFLASH", 0x400, "MTD_CAP_NANDFLASH",
                16777216, 16384, 512, 16, 0), r);
    }

    @Test
    void mtdDebugIndividualFlagNamesAreOred() {
        String text = GuestOutputs.text("mtd_debug-info-nandsim.txt")
                .replace("MTD_CAP_NANDFLASH", "MTD_WRITEABLE | MTD_POWERUP_LOCK");
        assertEquals(0x400 | MtdFlag.POWERUP_LOCK.mask(), MtdDebugInfo.parse(text).flags());
    }

    @Test
    void nanddumpHeaderOfNandsim() {
        NanddumpReport r = NanddumpReport.parse(GuestOutputs.text("nanddump-nandsim.stderr"));
        assertEquals(Optional.of(new EccStats(0, 0, 2, 0)), r.eccStats());
        assertEquals(List.of(), r.badBlocksBeforeStart());
        assertEquals(16384, r.blockSize());
        assertEquals(512, r.pageSize());
        assertEquals(16, r.oobSize());
        assertEquals(0, r.dumpStart());
        assertEquals(0x200, r.dumpEnd());
    }

    @Test
    void nanddumpListsTheBadBlocksItSkipsToTheStart() {
        NanddumpReport r = NanddumpReport.parse(GuestOutputs.text("nanddump-skip-bad-nandsim.stderr"));
        assertEquals(List.of(0xc000L, 0x1c000L), r.badBlocksBeforeStart());
        // Asked for -s 0x28000 (block 10); two bad blocks on the way moved it to block 12.
        assertEquals(0x30000, r.dumpStart());
    }

    @Test
    void nanddumpOfMtdram() {
        NanddumpReport r = NanddumpReport.parse(GuestOutputs.text("nanddump-skip-bad-mtdram.stderr"));
        assertEquals(Optional.of(new EccStats(0, 0, 0, 0)), r.eccStats());
        assertEquals(List.of(), r.badBlocksBeforeStart());
        assertEquals(0xa0000, r.dumpStart());
        assertEquals(0, r.oobSize());
    }

    @Test
    void nanddumpEccEventsAndMissingStatistics() {
        // The two ECC event formats and the ECCGETSTATS failure message, as nanddump.c prints them.
        String text = "No ECC status information available: Inappropriate ioctl for device\n"
                + GuestOutputs.text("nanddump-nandsim.stderr").lines().filter(l -> !l.startsWith("ECC") && !l.startsWith("Number"))
                .reduce("", (a, b) -> a + b + "\n")
                + "ECC: 1 corrected bitflip(s) at offset 0x00000200\n"
                + "ECC: 2 uncorrectable bitflip(s) at offset 0x00000400\n";
        NanddumpReport r = NanddumpReport.parse(text);
        assertEquals(Optional.empty(), r.eccStats());
        assertEquals(List.of(new NanddumpReport.EccEvent(0x200, 1, true), new NanddumpReport.EccEvent(0x400, 2, false)),
                r.eccEvents());
    }

    @Test
    void nanddumpWithoutItsHeaderIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> NanddumpReport.parse("nanddump: error!: mtd_get_dev_info failed\n"));
    }

    @Test
    void flashEraseReportsSkippedBadBlocks() {
        assertEquals(List.of(0xc000L, 0x1c000L),
                FlashEraseReport.parse(GuestOutputs.text("flash_erase-nandsim-blocks-0-9.txt")).skippedBadBlocks());
        assertEquals(List.of(), FlashEraseReport.parse(GuestOutputs.text("flash_erase-mtdram-blocks-0-9.txt")).skippedBadBlocks());
    }

    @Test
    void nanddumpOobImageSplitsIntoPages() {
        NanddumpReport header = NanddumpReport.parse(GuestOutputs.text("nanddump-oob-nandsim.stderr"));
        byte[] image = GuestOutputs.bytes("nanddump-oob-nandsim.bin");
        List<NanddumpPage> pages = NanddumpPage.split(image, header.dumpStart(), (int) header.pageSize(), (int) header.oobSize());
        assertEquals(List.of(0x14000L, 0x14200L, 0x14400L, 0x14600L), pages.stream().map(NanddumpPage::offset).toList());
        // The scenario's Java writeOob put a pattern in the free bytes 8..15 of page 1 only.
        assertArrayEquals(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1, (byte) 0xa5, 0x5a, 0x01, 0x23, 0x45, 0x67, (byte) 0x89, (byte) 0xab},
                pages.get(1).oob());
        for (NanddumpPage p : pages) {
            for (byte b : p.data()) {
                assertEquals((byte) 0xff, b);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> NanddumpPage.split(new byte[600], 0, 512, 16));
    }

    @Test
    void sysfsAttributes() {
        SysfsMtdAttributes nand = GuestOutputs.sysfs("sysfs-nandsim.txt");
        assertEquals(new SysfsMtdAttributes("NAND simulator partition 0", "nand", 16777216, 16384, 512, 16, 0x400, 0,
                new DeviceNumber(90, 2), 0, 0, 2, 0), nand);
        assertEquals(0x1c00, GuestOutputs.sysfs("sysfs-mtdram.txt").flags());
    }

    @Test
    void deviceNumbers() {
        assertEquals(new DeviceNumber(90, 2), DeviceNumber.parse("90:2\n"));
        assertEquals(new DeviceNumber(90, 2), DeviceNumber.fromDevT(0x5a02));
        // glibc's split encoding for large numbers: major 0x1234, minor 0x56789.
        long major = 0x1234, minor = 0x56789;
        long dev = ((major & 0xfffL) << 8) | ((major & ~0xfffL) << 32) | (minor & 0xffL) | ((minor & ~0xffL) << 12);
        assertEquals(new DeviceNumber(0x1234, 0x56789), DeviceNumber.fromDevT(dev));
        assertFalse(new DeviceNumber(90, 0).equals(new DeviceNumber(90, 1)));
    }
}
