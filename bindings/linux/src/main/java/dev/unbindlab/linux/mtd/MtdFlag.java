package dev.unbindlab.linux.mtd;

import dev.unbindlab.bindings.abi.LinuxAbi;

import java.util.EnumSet;
import java.util.Set;

/** Bits of {@code mtd_info_user.flags}. */
public enum MtdFlag {
    WRITEABLE(LinuxAbi.MTD_WRITEABLE()),
    BIT_WRITEABLE(LinuxAbi.MTD_BIT_WRITEABLE()),
    NO_ERASE(LinuxAbi.MTD_NO_ERASE()),
    POWERUP_LOCK(LinuxAbi.MTD_POWERUP_LOCK()),
    SLC_ON_MLC_EMULATION(LinuxAbi.MTD_SLC_ON_MLC_EMULATION());

    private final int mask;

    MtdFlag(int mask) {
        this.mask = mask;
    }

    public int mask() {
        return mask;
    }

    public static Set<MtdFlag> decode(int flags) {
        EnumSet<MtdFlag> set = EnumSet.noneOf(MtdFlag.class);
        for (MtdFlag flag : values()) {
            if ((flags & flag.mask) != 0) {
                set.add(flag);
            }
        }
        return set;
    }
}
