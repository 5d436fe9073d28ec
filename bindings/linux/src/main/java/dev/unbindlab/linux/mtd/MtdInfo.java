package dev.unbindlab.linux.mtd;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What {@code MEMGETINFO} says about an MTD. The kernel's fields are {@code __u32}; they are
 * widened unsigned to {@code long} here so a 4 GiB device does not turn negative.
 */
public record MtdInfo(MtdType type, int rawType, Set<MtdFlag> flags, int rawFlags,
                      long size, long eraseSize, long writeSize, long oobSize) {

    public MtdInfo {
        flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(MtdFlag.class) : EnumSet.copyOf(flags));
    }

    public boolean isWriteable() {
        return flags.contains(MtdFlag.WRITEABLE);
    }

    public long eraseBlockCount() {
        return eraseSize == 0 ? 0 : size / eraseSize;
    }
}
