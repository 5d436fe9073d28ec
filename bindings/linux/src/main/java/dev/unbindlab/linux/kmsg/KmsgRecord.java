package dev.unbindlab.linux.kmsg;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One record of {@code /dev/kmsg} (Documentation/ABI/testing/dev-kmsg).
 *
 * <p>Wire format: {@code PRI,SEQ,TS_USEC,FLAG[,KEY=VALUE...];MESSAGE} followed by optional
 * dictionary lines that start with a space ({@code " SUBSYSTEM=platform"}). Non-printable bytes
 * in the message arrive escaped as {@code \xNN}; {@link #message()} is unescaped.
 *
 * @param sequence         the kernel's 64-bit record sequence number (gaps mean lost records)
 * @param facility         syslog facility (0 = kernel)
 * @param level            syslog level (0 = emerg .. 7 = debug)
 * @param timestampMicros  monotonic time since boot, microseconds
 * @param continuation     flag {@code +} or {@code c}: a fragment of a line
 * @param caller           the printk caller id ({@code T123} task or {@code C1} CPU) when CONFIG_PRINTK_CALLER
 * @param message          the unescaped message text
 * @param dictionary       the record's key/value metadata (SUBSYSTEM, DEVICE)
 */
public record KmsgRecord(long sequence, int facility, int level, long timestampMicros, boolean continuation,
                         Optional<String> caller, String message, Map<String, String> dictionary) {

    public KmsgRecord {
        dictionary = Map.copyOf(dictionary);
    }

    /**
     * Parses one record as returned by a single {@code read(2)} on {@code /dev/kmsg}.
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    public static KmsgRecord parse(String raw) {
        int semicolon = raw.indexOf(';');
        if (semicolon < 0) {
            throw new IllegalArgumentException("kmsg record has no ';' after its prefix: " + abbreviate(raw));
        }
        String[] prefix = raw.substring(0, semicolon).split(",");
        if (prefix.length < 4) {
            throw new IllegalArgumentException("kmsg prefix needs PRI,SEQ,TS,FLAG: " + abbreviate(raw));
        }
        int priority = parseField(prefix[0], "priority", raw);
        long sequence = parseLong(prefix[1], "sequence", raw);
        long timestamp = parseLong(prefix[2], "timestamp", raw);
        boolean continuation = prefix[3].equals("+") || prefix[3].equals("c");
        String caller = null;
        for (int i = 4; i < prefix.length; i++) {
            if (prefix[i].startsWith("caller=")) {
                caller = prefix[i].substring("caller=".length());
            }
        }

        String body = raw.substring(semicolon + 1);
        String[] lines = body.split("\n", -1);
        Map<String, String> dictionary = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int eq = line.indexOf('=');
            if (line.startsWith(" ") && eq > 1) {
                dictionary.put(line.substring(1, eq), unescape(line.substring(eq + 1)));
            }
        }
        return new KmsgRecord(sequence, priority >> 3, priority & 7, timestamp, continuation,
                Optional.ofNullable(caller), unescape(lines[0]), dictionary);
    }

    /** The record the way the serial console shows it: {@code [   12.345678] message}. */
    public String toConsoleLine() {
        return String.format("[%5d.%06d] %s", timestampMicros / 1_000_000, timestampMicros % 1_000_000, message);
    }

    /** Undoes the kernel's {@code \xNN} escaping; the bytes are UTF-8 as printk wrote them. */
    static String unescape(String escaped) {
        if (escaped.indexOf("\\x") < 0) {
            return escaped;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(escaped.length());
        byte[] in = escaped.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\\' && i + 3 < in.length && in[i + 1] == 'x' && isHex(in[i + 2]) && isHex(in[i + 3])) {
                bytes.write(Character.digit(in[i + 2], 16) << 4 | Character.digit(in[i + 3], 16));
                i += 3;
            } else {
                bytes.write(in[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    private static int parseField(String value, String what, String raw) {
        long parsed = parseLong(value, what, raw);
        if (parsed < 0 || parsed > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("kmsg " + what + " out of range: " + abbreviate(raw));
        }
        return (int) parsed;
    }

    private static long parseLong(String value, String what, String raw) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("kmsg " + what + " is not a number: " + abbreviate(raw), e);
        }
    }

    private static String abbreviate(String raw) {
        String oneLine = raw.replace('\n', ' ');
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
