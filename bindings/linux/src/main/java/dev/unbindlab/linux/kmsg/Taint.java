package dev.unbindlab.linux.kmsg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * A decoded value of {@code /proc/sys/kernel/tainted}.
 *
 * @param value       the raw bit mask
 * @param flags       the bits this enum knows
 * @param unknownBits bits set that a newer kernel defines and we do not (kept, never dropped)
 */
public record Taint(long value, Set<TaintFlag> flags, List<Integer> unknownBits) {

    public static final Path PROC_TAINTED = Path.of("/proc/sys/kernel/tainted");

    public Taint {
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(TaintFlag.class) : EnumSet.copyOf(flags));
        unknownBits = List.copyOf(unknownBits);
    }

    public static Taint decode(long value) {
        EnumSet<TaintFlag> flags = EnumSet.noneOf(TaintFlag.class);
        for (TaintFlag flag : TaintFlag.values()) {
            if ((value & (1L << flag.bit())) != 0) {
                flags.add(flag);
            }
        }
        List<Integer> unknown = IntStream.range(TaintFlag.values().length, 64)
                .filter(bit -> (value & (1L << bit)) != 0)
                .boxed()
                .toList();
        return new Taint(value, flags, unknown);
    }

    /** Reads the running kernel's taint mask. */
    public static Taint current() throws IOException {
        return read(PROC_TAINTED);
    }

    public static Taint read(Path taintedFile) throws IOException {
        String text = Files.readString(taintedFile).trim();
        try {
            return decode(Long.parseUnsignedLong(text));
        } catch (NumberFormatException e) {
            throw new IOException(taintedFile + ": not a taint mask: '" + text + "'", e);
        }
    }

    /** Whether any flag says the kernel misbehaved (see {@link TaintFlag#isKernelProblem()}). */
    public boolean hasKernelProblem() {
        return flags.stream().anyMatch(TaintFlag::isKernelProblem);
    }

    /** The set flags' letters in bit order, e.g. {@code "BDWO"}; {@code "G"} (good) when none. */
    public String letters() {
        StringBuilder out = new StringBuilder();
        flags.forEach(flag -> out.append(flag.letter()));
        return out.isEmpty() ? "G" : out.toString();
    }

    /** Flags set in {@code this} and not in {@code before}: what a test run added. */
    public Set<TaintFlag> addedSince(Taint before) {
        EnumSet<TaintFlag> added = flags.isEmpty() ? EnumSet.noneOf(TaintFlag.class) : EnumSet.copyOf(flags);
        added.removeAll(before.flags);
        return added;
    }
}
