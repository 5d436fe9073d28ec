package dev.unbindlab.scenario.mtdconformance;

import dev.unbindlab.linux.mtd.MtdType;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mtdinfo /dev/mtdN} (mtd-utils 2.x), which reads sysfs through libmtd.
 *
 * @param device       the first line, e.g. {@code mtd1}
 * @param type         "Type:" mapped through mtd-utils' names ({@link MtdType#mtdUtilsName()})
 * @param oobSize      "OOB size:", which mtdinfo prints only for a non-zero size: 0 when absent
 * @param badBlocksAllowed libmtd derives this from the type (NAND and MLC NAND)
 */
public record MtdinfoReport(String device, String name, MtdType type, String typeText, long eraseblockSize,
                            long eraseblockCount, long totalBytes, long minIoSize, long subpageSize, long oobSize,
                            DeviceNumber deviceNumber, boolean badBlocksAllowed, boolean writable) {

    private static final Pattern FIELD = Pattern.compile("^([A-Za-z][A-Za-z /-]*[a-z]):\\s+(.*)$");
    private static final Pattern BLOCK_COUNT = Pattern.compile("^(\\d+) \\((\\d+) bytes");

    public static MtdinfoReport parse(String text) {
        String[] lines = text.strip().split("\n");
        String device = lines[0].strip();
        if (!device.matches("mtd\\d+")) {
            throw new IllegalArgumentException("mtdinfo output does not start with the device name: '" + device + "'");
        }
        Map<String, String> fields = new HashMap<>();
        for (String line : Arrays.copyOfRange(lines, 1, lines.length)) {
            Matcher m = FIELD.matcher(line.strip());
            if (m.matches()) {
                fields.put(m.group(1), m.group(2).strip());
            }
        }
        ToolFields report = new ToolFields("mtdinfo", "%s:", fields);
        String typeText = report.required("Type");
        Matcher blocks = BLOCK_COUNT.matcher(report.required("Amount of eraseblocks"));
        if (!blocks.find()) {
            throw new IllegalArgumentException("mtdinfo: cannot read 'Amount of eraseblocks: " + fields.get("Amount of eraseblocks") + "'");
        }
        return new MtdinfoReport(device, report.required("Name"),
                Arrays.stream(MtdType.values()).filter(t -> t.mtdUtilsName().equals(typeText)).findFirst().orElse(MtdType.UNKNOWN),
                typeText,
                report.number("Eraseblock size"),
                Long.parseLong(blocks.group(1)), Long.parseLong(blocks.group(2)),
                report.number("Minimum input/output unit size"),
                report.number("Sub-page size"),
                report.optional("OOB size").map(report::leadingNumber).orElse(0L),
                DeviceNumber.parse(report.required("Character device major/minor")),
                bool(report, "Bad blocks are allowed"),
                bool(report, "Device is writable"));
    }

    private static boolean bool(ToolFields report, String key) {
        String value = report.required(key);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("mtdinfo: '" + key + ": " + value + "' is not true/false");
        };
    }
}
