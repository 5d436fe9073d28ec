package dev.unbindlab.scenario.mtdconformance;

import dev.unbindlab.linux.mtd.EccStats;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The field-by-field comparisons, separate from running anything so they can be tested on captured output. */
public final class Comparisons {

    private Comparisons() {
    }

    public static FieldComparison infoVsMtdinfo(JavaView java, MtdinfoReport tool) {
        String t = "mtdinfo";
        return new FieldComparison()
                .field("device", java.node(), t, tool.device())
                .field("name", java.name(), t, tool.name())
                .field("type", java.info().type().mtdUtilsName(), t, tool.typeText())
                .field("eraseblock size", java.info().eraseSize(), t, tool.eraseblockSize())
                .field("eraseblock count", java.info().eraseBlockCount(), t, tool.eraseblockCount())
                .field("size", java.info().size(), t, tool.totalBytes())
                .field("writesize (min I/O unit)", java.info().writeSize(), t, tool.minIoSize())
                .field("oobsize", java.info().oobSize(), t, tool.oobSize())
                .field("major:minor", java.deviceNumber(), t, tool.deviceNumber())
                // libmtd allows bad blocks exactly for the NAND types.
                .field("bad blocks allowed", java.info().type().isNand(), t, tool.badBlocksAllowed())
                .field("writable", java.info().isWriteable(), t, tool.writable());
    }

    public static FieldComparison infoVsMtdDebug(JavaView java, MtdDebugInfo tool) {
        String t = "mtd_debug";
        return new FieldComparison()
                .field("type", java.info().type(), t, tool.type())
                .field("flags", hex(java.info().rawFlags()), t, hex(tool.flags()))
                .field("size", java.info().size(), t, tool.size())
                .field("erasesize", java.info().eraseSize(), t, tool.eraseSize())
                .field("writesize", java.info().writeSize(), t, tool.writeSize())
                .field("oobsize", java.info().oobSize(), t, tool.oobSize())
                .field("erase regions", java.regionCount(), t, tool.regions())
                .note("flags by name: java " + java.info().flags() + ", mtd_debug " + tool.flagsText());
    }

    public static FieldComparison infoVsSysfs(JavaView java, SysfsMtdAttributes sysfs) {
        String t = "sysfs";
        return new FieldComparison()
                .field("name", java.name(), t, sysfs.name())
                .field("type", java.info().type().mtdUtilsName(), t, sysfs.type())
                .field("size", java.info().size(), t, sysfs.size())
                .field("erasesize", java.info().eraseSize(), t, sysfs.eraseSize())
                .field("writesize", java.info().writeSize(), t, sysfs.writeSize())
                .field("oobsize", java.info().oobSize(), t, sysfs.oobSize())
                .field("flags", hex(java.info().rawFlags()), t, hex(sysfs.flags()))
                .field("numeraseregions", java.regionCount(), t, sysfs.numEraseRegions())
                .field("major:minor", java.deviceNumber(), t, sysfs.dev());
    }

    public static FieldComparison eccStats(EccStats java, NanddumpReport nanddump, SysfsMtdAttributes sysfs) {
        FieldComparison c = new FieldComparison();
        nanddump.eccStats().ifPresentOrElse(tool -> c
                        .field("ECC failed", java.failed(), "nanddump", tool.failed())
                        .field("ECC corrected", java.corrected(), "nanddump", tool.corrected())
                        .field("bad blocks", java.badBlocks(), "nanddump", tool.badBlocks())
                        .field("bbt blocks", java.bbtBlocks(), "nanddump", tool.bbtBlocks()),
                () -> c.problem("nanddump printed no ECC statistics (its ECCGETSTATS failed)"));
        return c.field("ECC failed", java.failed(), "sysfs ecc_failures", sysfs.eccFailures())
                .field("ECC corrected", java.corrected(), "sysfs corrected_bits", sysfs.correctedBits())
                .field("bad blocks", java.badBlocks(), "sysfs bad_blocks", sysfs.badBlocks())
                .field("bbt blocks", java.bbtBlocks(), "sysfs bbt_blocks", sysfs.bbtBlocks());
    }

    /**
     * @param javaBad        the erase blocks {@code MEMGETBADBLOCK} says are bad, over the whole device
     * @param blockCount     the device's erase blocks
     * @param flashEraseSpan how many blocks from 0 flash_erase was asked to erase
     * @param expected       the blocks the module was told to make bad
     */
    public static FieldComparison badBlocks(Set<Integer> javaBad, int blockCount, long eraseSize, int flashEraseSpan,
                                            FlashEraseReport flashErase, NanddumpReport nanddump, Set<Integer> expected) {
        int nanddumpSpan = (int) (nanddump.dumpStart() / eraseSize);
        return new FieldComparison()
                .field("bad blocks among 0.." + (flashEraseSpan - 1), below(javaBad, flashEraseSpan),
                        "flash_erase", blocks(flashErase.skippedBadBlocks(), eraseSize))
                .field("bad blocks among 0.." + (nanddumpSpan - 1), below(javaBad, nanddumpSpan),
                        "nanddump", blocks(nanddump.badBlocksBeforeStart(), eraseSize))
                .field("bad blocks among 0.." + (blockCount - 1), new TreeSet<>(javaBad),
                        "module parameter", new TreeSet<>(expected));
    }

    private static Set<Integer> below(Set<Integer> blocks, int limit) {
        TreeSet<Integer> result = new TreeSet<>();
        blocks.stream().filter(b -> b < limit).forEach(result::add);
        return result;
    }

    private static Set<Integer> blocks(List<Long> offsets, long eraseSize) {
        TreeSet<Integer> result = new TreeSet<>();
        offsets.forEach(o -> result.add((int) (o / eraseSize)));
        return result;
    }

    private static String hex(int value) {
        return "0x" + Integer.toHexString(value);
    }
}
