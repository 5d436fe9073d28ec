package dev.unbindlab.scenario.mtdconformance;

import dev.unbindlab.linux.mtd.EccStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code nanddump} (mtd-utils 2.x) prints on stderr around a dump: the {@code ECCGETSTATS}
 * counters it read first, the bad blocks {@code --skip-bad-blocks-to-start} stepped over, the
 * geometry, the dumped range and any ECC events during the dump.
 *
 * @param eccStats             absent when nanddump said "No ECC status information available"
 * @param badBlocksBeforeStart offsets of the "Bad block at" lines (hex without 0x)
 * @param dumpStart            the start after skipping bad blocks
 */
public record NanddumpReport(Optional<EccStats> eccStats, List<Long> badBlocksBeforeStart, long blockSize,
                             long pageSize, long oobSize, long dumpStart, long dumpEnd, List<EccEvent> eccEvents) {

    /** "ECC: N corrected bitflip(s) at offset 0x..." or "... uncorrectable bitflip(s) ...". */
    public record EccEvent(long offset, long count, boolean corrected) {
    }

    private static final Pattern COUNTER = Pattern.compile("^(ECC failed|ECC corrected|Number of bad blocks|Number of bbt blocks): (\\d+)$");
    private static final Pattern BAD_BLOCK = Pattern.compile("^Bad block at ([0-9a-fA-F]+)$");
    private static final Pattern GEOMETRY = Pattern.compile("^Block size (\\d+), page size (\\d+), OOB size (\\d+)$");
    private static final Pattern RANGE = Pattern.compile("^Dumping data starting at 0x([0-9a-fA-F]+) and ending at 0x([0-9a-fA-F]+)\\.\\.\\.$");
    private static final Pattern ECC_EVENT = Pattern.compile("^ECC: (\\d+) (corrected|uncorrectable) bitflip\\(s\\) at\\s+offset 0x([0-9a-fA-F]+)$");

    public static NanddumpReport parse(String stderr) {
        Long failed = null, corrected = null, bad = null, bbt = null;
        List<Long> badBlocks = new ArrayList<>();
        List<EccEvent> events = new ArrayList<>();
        long[] geometry = null;
        long[] range = null;
        for (String raw : stderr.split("\n")) {
            String line = raw.strip();
            Matcher m;
            if ((m = COUNTER.matcher(line)).matches()) {
                long value = Long.parseLong(m.group(2));
                switch (m.group(1)) {
                    case "ECC failed" -> failed = value;
                    case "ECC corrected" -> corrected = value;
                    case "Number of bad blocks" -> bad = value;
                    default -> bbt = value;
                }
            } else if ((m = BAD_BLOCK.matcher(line)).matches()) {
                badBlocks.add(Long.parseLong(m.group(1), 16));
            } else if ((m = GEOMETRY.matcher(line)).matches()) {
                geometry = new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
            } else if ((m = RANGE.matcher(line)).matches()) {
                range = new long[] {Long.parseLong(m.group(1), 16), Long.parseLong(m.group(2), 16)};
            } else if ((m = ECC_EVENT.matcher(line)).matches()) {
                events.add(new EccEvent(Long.parseLong(m.group(3), 16), Long.parseLong(m.group(1)), m.group(2).equals("corrected")));
            }
        }
        if (geometry == null || range == null) {
            throw new IllegalArgumentException("nanddump printed no 'Block size ...' or 'Dumping data ...' line");
        }
        Optional<EccStats> stats;
        if (failed != null && corrected != null && bad != null && bbt != null) {
            stats = Optional.of(new EccStats(corrected, failed, bad, bbt));
        } else if (failed == null && corrected == null && bad == null && bbt == null) {
            stats = Optional.empty();
        } else {
            throw new IllegalArgumentException("nanddump printed only some of the four ECC counters");
        }
        return new NanddumpReport(stats, List.copyOf(badBlocks), geometry[0], geometry[1], geometry[2], range[0], range[1],
                List.copyOf(events));
    }
}
