package dev.unbindlab.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as typed in a shell: {@code 90s}, {@code 5m}, {@code 2h}, {@code 1h30m}; a bare number is seconds. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+)([hms]?)");

    @Override
    public Duration convert(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        Matcher m = PART.matcher(v);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find() && m.start() == end) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "h" -> Duration.ofHours(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            });
            end = m.end();
            if (m.group(2).isEmpty()) {
                break;
            }
        }
        if (v.isEmpty() || end != v.length()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration like 90s, 5m, 2h or 1h30m");
        }
        if (total.isZero()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is no time at all");
        }
        return total;
    }
}
