package dev.unbindlab.cli;

import picocli.CommandLine;

import java.util.Locale;

/** Sizes and offsets as kernel developers type them: {@code 4096}, {@code 0x1000}, {@code 4k}, {@code 1M}, {@code 2G}. */
public final class SizeConverter implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    public static long parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("0x")) {
                return Long.parseUnsignedLong(v.substring(2), 16);
            }
            long multiplier = switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                case 'g' -> 1L << 30;
                default -> 1;
            };
            String digits = multiplier == 1 ? v : v.substring(0, v.length() - 1);
            long number = Long.parseLong(digits);
            if (number < 0) {
                throw new CommandLine.TypeConversionException("'" + value + "' is negative");
            }
            return Math.multiplyExact(number, multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a size (examples: 4096, 0x1000, 4k, 1M)");
        }
    }
}
