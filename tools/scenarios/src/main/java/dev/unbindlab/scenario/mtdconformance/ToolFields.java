package dev.unbindlab.scenario.mtdconformance;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key/value lines of one mtd-utils report, with errors that name the tool and the line
 * format it would have printed ({@code mtd.size =} for mtd_debug, {@code Name:} for mtdinfo).
 *
 * @param tool       the program, for messages
 * @param lineFormat how a key's line starts, {@code %s} being the key
 */
record ToolFields(String tool, String lineFormat, Map<String, String> fields) {

    private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d+)\\b");

    ToolFields {
        fields = Map.copyOf(fields);
    }

    String required(String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException(tool + " output has no '" + lineFormat.formatted(key) + "' line");
        }
        return value;
    }

    Optional<String> optional(String key) {
        return Optional.ofNullable(fields.get(key));
    }

    /** {@code 1048576 (1M)}, {@code 65536 bytes, 64.0 KiB}: the exact number comes first. */
    long number(String key) {
        return leadingNumber(required(key));
    }

    long leadingNumber(String value) {
        Matcher m = LEADING_NUMBER.matcher(value);
        if (!m.find()) {
            throw new IllegalArgumentException(tool + ": not a number: '" + value + "'");
        }
        return Long.parseLong(m.group(1));
    }
}
