package dev.unbindlab.scenario.mtdconformance;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One check's field-by-field comparison of what the Java API says against another source (an
 * mtd-utils tool, sysfs, or the value the scenario wrote). Every field becomes one KTAP
 * diagnostic line, {@code name: java=X source=Y}, prefixed with {@code MISMATCH} when they differ,
 * so a failing check names the field and both values.
 */
public final class FieldComparison {

    /** Byte arrays up to this length are printed in full; longer ones are summarised. */
    private static final int FULL_HEX_LIMIT = 32;
    private static final HexFormat HEX = HexFormat.of();

    public record Field(String name, boolean agrees, String java, String source, String other) {
        public String describe() {
            return (agrees ? "" : "MISMATCH ") + name + ": java=" + java + " " + source + "=" + other;
        }
    }

    private final List<Field> fields = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public FieldComparison field(String name, Object java, String source, Object other) {
        fields.add(new Field(name, same(java, other), String.valueOf(java), source, String.valueOf(other)));
        return this;
    }

    /** Integral numbers compare by value, so an {@code int} from a tool equals a {@code long} from Java. */
    private static boolean same(Object a, Object b) {
        if (isIntegral(a) && isIntegral(b)) {
            return ((Number) a).longValue() == ((Number) b).longValue();
        }
        return Objects.equals(a, b);
    }

    private static boolean isIntegral(Object o) {
        return o instanceof Long || o instanceof Integer || o instanceof Short || o instanceof Byte;
    }

    /**
     * Compares two byte ranges that start at device offset {@code base}; a difference is reported
     * at the first differing device offset, with both bytes.
     */
    public FieldComparison bytes(String name, long base, byte[] java, String source, byte[] other) {
        int mismatch = java.length == other.length ? -1 : Math.min(java.length, other.length);
        for (int i = 0; i < Math.min(java.length, other.length); i++) {
            if (java[i] != other[i]) {
                mismatch = i;
                break;
            }
        }
        if (java.length <= FULL_HEX_LIMIT && other.length <= FULL_HEX_LIMIT) {
            fields.add(new Field(name, mismatch < 0, HEX.formatHex(java), source, HEX.formatHex(other)));
        } else if (mismatch < 0) {
            fields.add(new Field(name, true, java.length + " bytes", source, "the same " + other.length + " bytes"));
        } else {
            fields.add(new Field(name + " (first difference at 0x" + Long.toHexString(base + mismatch) + ")", false,
                    byteAt(java, mismatch) + " of " + java.length + " bytes", source,
                    byteAt(other, mismatch) + " of " + other.length + " bytes"));
        }
        return this;
    }

    /** Something went wrong before values could be compared (a tool failed): the check fails. */
    public FieldComparison problem(String text) {
        problems.add(text);
        return this;
    }

    /** Context that is not compared (e.g. the command that produced the tool's side). */
    public FieldComparison note(String text) {
        notes.add(text);
        return this;
    }

    public List<Field> fields() {
        return List.copyOf(fields);
    }

    public boolean agrees() {
        return problems.isEmpty() && !fields.isEmpty() && fields.stream().allMatch(Field::agrees);
    }

    /** Problems first, then every compared field, then notes. */
    public List<String> diagnostics() {
        List<String> lines = new ArrayList<>();
        problems.forEach(p -> lines.add("PROBLEM " + p));
        if (fields.isEmpty() && problems.isEmpty()) {
            lines.add("PROBLEM nothing was compared");
        }
        fields.forEach(f -> lines.add(f.describe()));
        lines.addAll(notes);
        return lines;
    }

    private static String byteAt(byte[] bytes, int index) {
        return index < bytes.length ? String.format("0x%02x", bytes[index] & 0xff) : "(ends)";
    }
}
