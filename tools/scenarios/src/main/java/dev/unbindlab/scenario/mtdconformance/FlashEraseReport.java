package dev.unbindlab.scenario.mtdconformance;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code flash_erase DEV START COUNT} output (progress lines separated by carriage returns):
 * the erase blocks it skipped because libmtd's {@code MEMGETBADBLOCK} said bad.
 */
public record FlashEraseReport(List<Long> skippedBadBlocks) {

    private static final Pattern SKIPPED = Pattern.compile("Skipping bad block at ([0-9a-fA-F]+)");

    public static FlashEraseReport parse(String output) {
        List<Long> skipped = new ArrayList<>();
        Matcher m = SKIPPED.matcher(output);
        while (m.find()) {
            skipped.add(Long.parseLong(m.group(1), 16));
        }
        return new FlashEraseReport(List.copyOf(skipped));
    }
}
