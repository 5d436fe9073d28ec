package dev.unbindlab.scenario.mtdconformance;

import dev.unbindlab.linux.mtd.EccStats;
import dev.unbindlab.linux.mtd.MtdFlag;
import dev.unbindlab.linux.mtd.MtdInfo;
import dev.unbindlab.linux.mtd.MtdType;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The comparisons on real guest output: the Java values the scenario saw in the same run agree;
 * one altered field in the tool's output must fail the check with a diagnostic naming that field.
 */
class ComparisonsTest {

    private static final JavaView NANDSIM = new JavaView("mtd1", "NAND simulator partition 0",
            new MtdInfo(MtdType.NAND_FLASH, MtdType.NAND_FLASH.kernelValue(), EnumSet.of(MtdFlag.WRITEABLE),
                    MtdFlag.WRITEABLE.mask(), 16777216, 16384, 512, 16),
            new DeviceNumber(90, 2), 0);
    private static final int RAM_FLAGS = MtdFlag.WRITEABLE.mask() | MtdFlag.BIT_WRITEABLE.mask() | MtdFlag.NO_ERASE.mask();
    private static final JavaView MTDRAM = new JavaView("mtd0", "mtdram test device",
            new MtdInfo(MtdType.RAM, MtdType.RAM.kernelValue(), MtdFlag.decode(RAM_FLAGS), RAM_FLAGS, 1048576, 65536, 1, 0),
            new DeviceNumber(90, 0), 0);
    private static final EccStats NANDSIM_ECC = new EccStats(0, 0, 2, 0);

    @Test
    void infoAgreesWithMtdinfo() {
        assertAgrees(Comparisons.infoVsMtdinfo(NANDSIM, MtdinfoReport.parse(GuestOutputs.text("mtdinfo-nandsim.txt"))));
        assertAgrees(Comparisons.infoVsMtdinfo(MTDRAM, MtdinfoReport.parse(GuestOutputs.text("mtdinfo-mtdram.txt"))));
    }

    @Test
    void anAlteredMtdinfoFieldFailsNamingIt() {
        String altered = GuestOutputs.text("mtdinfo-nandsim.txt").replace("OOB size:                       16 bytes",
                "OOB size:                       64 bytes");
        assertMismatch(Comparisons.infoVsMtdinfo(NANDSIM, MtdinfoReport.parse(altered)), "MISMATCH oobsize: java=16 mtdinfo=64");

        String minor = GuestOutputs.text("mtdinfo-nandsim.txt").replace("90:2", "90:4");
        assertMismatch(Comparisons.infoVsMtdinfo(NANDSIM, MtdinfoReport.parse(minor)), "MISMATCH major:minor: java=90:2 mtdinfo=90:4");

        // mtdram prints no OOB line; a Java OOB size other than 0 must not hide behind that.
        JavaView withOob = new JavaView(MTDRAM.node(), MTDRAM.name(), new MtdInfo(MtdType.RAM, MtdType.RAM.kernelValue(),
                MtdFlag.decode(RAM_FLAGS), RAM_FLAGS, 1048576, 65536, 1, 8), MTDRAM.deviceNumber(), 0);
        assertMismatch(Comparisons.infoVsMtdinfo(withOob, MtdinfoReport.parse(GuestOutputs.text("mtdinfo-mtdram.txt"))),
                "MISMATCH oobsize: java=8 mtdinfo=0");
    }

    @Test
    void infoAgreesWithMtdDebug() {
        assertAgrees(Comparisons.infoVsMtdDebug(NANDSIM, MtdDebugInfo.parse(GuestOutputs.text("mtd_debug-info-nandsim.txt"))));
        assertAgrees(Comparisons.infoVsMtdDebug(MTDRAM, MtdDebugInfo.parse(GuestOutputs.text("mtd_debug-info-mtdram.txt"))));
    }

    @Test
    void anAlteredMtdDebugFieldFailsNamingIt() {
        String flags = GuestOutputs.text("mtd_debug-info-nandsim.txt").replace("MTD_CAP_NANDFLASH", "MTD_CAP_NORFLASH");
        assertMismatch(Comparisons.infoVsMtdDebug(NANDSIM, MtdDebugInfo.parse(flags)), "MISMATCH flags: java=0x400 mtd_debug=0xc00");
        String type = GuestOutputs.text("mtd_debug-info-nandsim.txt").replace("MTD_NANDFLASH", "MTD_MLCNANDFLASH");
        assertMismatch(Comparisons.infoVsMtdDebug(NANDSIM, MtdDebugInfo.parse(type)), "MISMATCH type: java=NAND_FLASH mtd_debug=MLC_NAND_FLASH");
        String writesize = GuestOutputs.text("mtd_debug-info-nandsim.txt").replace("mtd.writesize = 512", "mtd.writesize = 2048");
        assertMismatch(Comparisons.infoVsMtdDebug(NANDSIM, MtdDebugInfo.parse(writesize)), "MISMATCH writesize: java=512 mtd_debug=2048");
    }

    @Test
    void infoAgreesWithSysfsAndAnAlteredAttributeFails() {
        assertAgrees(Comparisons.infoVsSysfs(NANDSIM, GuestOutputs.sysfs("sysfs-nandsim.txt")));
        assertAgrees(Comparisons.infoVsSysfs(MTDRAM, GuestOutputs.sysfs("sysfs-mtdram.txt")));
        SysfsMtdAttributes s = GuestOutputs.sysfs("sysfs-nandsim.txt");
        SysfsMtdAttributes erasesize = new SysfsMtdAttributes(s.name(), s.type(), s.size(), 131072, s.writeSize(), s.oobSize(),
                s.flags(), s.numEraseRegions(), s.dev(), s.eccFailures(), s.correctedBits(), s.badBlocks(), s.bbtBlocks());
        assertMismatch(Comparisons.infoVsSysfs(NANDSIM, erasesize), "MISMATCH erasesize: java=16384 sysfs=131072");
    }

    @Test
    void eccStatsAgreeWithNanddumpAndSysfs() {
        assertAgrees(Comparisons.eccStats(NANDSIM_ECC, NanddumpReport.parse(GuestOutputs.text("nanddump-nandsim.stderr")),
                GuestOutputs.sysfs("sysfs-nandsim.txt")));
        assertAgrees(Comparisons.eccStats(new EccStats(0, 0, 0, 0), NanddumpReport.parse(GuestOutputs.text("nanddump-mtdram.stderr")),
                GuestOutputs.sysfs("sysfs-mtdram.txt")));
    }

    @Test
    void anAlteredNanddumpCounterFailsNamingIt() {
        String altered = GuestOutputs.text("nanddump-nandsim.stderr").replace("Number of bad blocks: 2", "Number of bad blocks: 3");
        assertMismatch(Comparisons.eccStats(NANDSIM_ECC, NanddumpReport.parse(altered), GuestOutputs.sysfs("sysfs-nandsim.txt")),
                "MISMATCH bad blocks: java=2 nanddump=3");
        String corrected = GuestOutputs.text("nanddump-nandsim.stderr").replace("ECC corrected: 0", "ECC corrected: 1");
        assertMismatch(Comparisons.eccStats(NANDSIM_ECC, NanddumpReport.parse(corrected), GuestOutputs.sysfs("sysfs-nandsim.txt")),
                "MISMATCH ECC corrected: java=0 nanddump=1");
    }

    @Test
    void missingEccStatisticsFail() {
        String noStats = "No ECC status information available: Inappropriate ioctl for device\n"
                + "Block size 16384, page size 512, OOB size 16\n"
                + "Dumping data starting at 0x00000000 and ending at 0x00000200...\n";
        FieldComparison c = Comparisons.eccStats(NANDSIM_ECC, NanddumpReport.parse(noStats), GuestOutputs.sysfs("sysfs-nandsim.txt"));
        assertFalse(c.agrees());
        assertTrue(c.diagnostics().getFirst().startsWith("PROBLEM nanddump printed no ECC statistics"), c.diagnostics().toString());
    }

    @Test
    void badBlocksAgreeWithFlashEraseNanddumpAndTheModuleParameter() {
        assertAgrees(nandsimBadBlocks(Set.of(3, 7), GuestOutputs.text("flash_erase-nandsim-blocks-0-9.txt"),
                GuestOutputs.text("nanddump-skip-bad-nandsim.stderr")));
        assertAgrees(Comparisons.badBlocks(Set.of(), 16, 65536, 10,
                FlashEraseReport.parse(GuestOutputs.text("flash_erase-mtdram-blocks-0-9.txt")),
                NanddumpReport.parse(GuestOutputs.text("nanddump-skip-bad-mtdram.stderr")), Set.of()));
    }

    @Test
    void aBadBlockAToolDoesNotReportFailsNamingTheRange() {
        String flashErase = GuestOutputs.text("flash_erase-nandsim-blocks-0-9.txt").replace("flash_erase: Skipping bad block at 0001c000", "");
        assertMismatch(nandsimBadBlocks(Set.of(3, 7), flashErase, GuestOutputs.text("nanddump-skip-bad-nandsim.stderr")),
                "MISMATCH bad blocks among 0..9: java=[3, 7] flash_erase=[3]");
        String nanddump = GuestOutputs.text("nanddump-skip-bad-nandsim.stderr").replace("Bad block at c000\n", "");
        assertMismatch(nandsimBadBlocks(Set.of(3, 7), GuestOutputs.text("flash_erase-nandsim-blocks-0-9.txt"), nanddump),
                "MISMATCH bad blocks among 0..11: java=[3, 7] nanddump=[7]");
        assertMismatch(nandsimBadBlocks(Set.of(3, 7, 900), GuestOutputs.text("flash_erase-nandsim-blocks-0-9.txt"),
                GuestOutputs.text("nanddump-skip-bad-nandsim.stderr")),
                "MISMATCH bad blocks among 0..1023: java=[3, 7, 900] module parameter=[3, 7]");
    }

    private static FieldComparison nandsimBadBlocks(Set<Integer> javaBad, String flashErase, String nanddump) {
        return Comparisons.badBlocks(javaBad, 1024, 16384, 10, FlashEraseReport.parse(flashErase), NanddumpReport.parse(nanddump),
                Set.of(3, 7));
    }

    private static void assertAgrees(FieldComparison c) {
        assertTrue(c.agrees(), String.join("\n", c.diagnostics()));
        assertTrue(c.diagnostics().stream().noneMatch(d -> d.startsWith("MISMATCH")), c.diagnostics().toString());
    }

    private static void assertMismatch(FieldComparison c, String diagnostic) {
        assertFalse(c.agrees(), String.join("\n", c.diagnostics()));
        List<String> mismatches = c.diagnostics().stream().filter(d -> d.startsWith("MISMATCH")).toList();
        assertEquals(List.of(diagnostic), mismatches);
    }
}
