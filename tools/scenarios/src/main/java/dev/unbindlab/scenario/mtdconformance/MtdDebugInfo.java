package dev.unbindlab.scenario.mtdconformance;

import dev.unbindlab.linux.mtd.MtdFlag;
import dev.unbindlab.linux.mtd.MtdType;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mtd_debug info /dev/mtdN}: the raw {@code MEMGETINFO} and {@code MEMGETREGIONCOUNT}
 * answers, printed by mtd-utils' own C code.
 *
 * @param flags the flag bits the printed names stand for. mtd_debug prints a whole
 *              {@code MTD_CAP_*} name when the flags equal one, else the individual names of
 *              WRITEABLE, BIT_WRITEABLE, NO_ERASE and POWERUP_LOCK (other bits are not printed)
 */
public record MtdDebugInfo(MtdType type, String typeText, int flags, String flagsText, long size, long eraseSize,
                           long writeSize, long oobSize, int regions) {

    private static final Pattern LINE = Pattern.compile("^(mtd\\.\\w+|regions)\\s*=\\s*(.*)$");

    private static final int WRITEABLE = MtdFlag.WRITEABLE.mask();
    private static final int BIT_WRITEABLE = MtdFlag.BIT_WRITEABLE.mask();
    private static final int NO_ERASE = MtdFlag.NO_ERASE.mask();
    /** The names mtd_debug prints, with their values from <mtd/mtd-abi.h>. */
    private static final Map<String, Integer> FLAG_NAMES = Map.of(
            "MTD_CAP_ROM", 0,
            "MTD_CAP_RAM", WRITEABLE | BIT_WRITEABLE | NO_ERASE,
            "MTD_CAP_NORFLASH", WRITEABLE | BIT_WRITEABLE,
            "MTD_CAP_NANDFLASH", WRITEABLE,
            "MTD_WRITEABLE", WRITEABLE,
            "MTD_BIT_WRITEABLE", BIT_WRITEABLE,
            "MTD_NO_ERASE", NO_ERASE,
            "MTD_POWERUP_LOCK", MtdFlag.POWERUP_LOCK.mask());
    private static final Map<String, MtdType> TYPE_NAMES = Map.of(
            "MTD_ABSENT", MtdType.ABSENT,
            "MTD_RAM", MtdType.RAM,
            "MTD_ROM", MtdType.ROM,
            "MTD_NORFLASH", MtdType.NOR_FLASH,
            "MTD_NANDFLASH", MtdType.NAND_FLASH,
            "MTD_MLCNANDFLASH", MtdType.MLC_NAND_FLASH,
            "MTD_DATAFLASH", MtdType.DATAFLASH,
            "MTD_UBIVOLUME", MtdType.UBI_VOLUME);

    public static MtdDebugInfo parse(String text) {
        Map<String, String> values = new HashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = LINE.matcher(line.strip());
            if (m.matches()) {
                values.putIfAbsent(m.group(1), m.group(2).strip());
            }
        }
        ToolFields fields = new ToolFields("mtd_debug info", "%s =", values);
        String typeText = fields.required("mtd.type");
        String flagsText = fields.required("mtd.flags");
        int flags = 0;
        for (String name : flagsText.split("\\s*\\|\\s*")) {
            Integer mask = FLAG_NAMES.get(name);
            if (mask == null) {
                throw new IllegalArgumentException("mtd_debug: unknown flag name '" + name + "' in '" + flagsText + "'");
            }
            flags |= mask;
        }
        return new MtdDebugInfo(TYPE_NAMES.getOrDefault(typeText, MtdType.UNKNOWN), typeText, flags, flagsText,
                fields.number("mtd.size"), fields.number("mtd.erasesize"), fields.number("mtd.writesize"),
                fields.number("mtd.oobsize"), (int) fields.number("regions"));
    }
}
