package dev.unbindlab.linux.mtd;

import dev.unbindlab.bindings.abi.LinuxAbi;

import java.util.Arrays;

/** {@code mtd_info_user.type}, with the names mtd-utils prints ({@code mtdinfo}'s "Type:"). */
public enum MtdType {
    ABSENT(LinuxAbi.MTD_ABSENT(), "absent"),
    RAM(LinuxAbi.MTD_RAM(), "ram"),
    ROM(LinuxAbi.MTD_ROM(), "rom"),
    NOR_FLASH(LinuxAbi.MTD_NORFLASH(), "nor"),
    NAND_FLASH(LinuxAbi.MTD_NANDFLASH(), "nand"),
    DATAFLASH(LinuxAbi.MTD_DATAFLASH(), "dataflash"),
    UBI_VOLUME(LinuxAbi.MTD_UBIVOLUME(), "ubi"),
    MLC_NAND_FLASH(LinuxAbi.MTD_MLCNANDFLASH(), "mlc-nand"),
    /** A value this build's headers do not know; {@link MtdInfo#rawType()} keeps it. */
    UNKNOWN(-1, "unknown");

    private final int kernelValue;
    private final String mtdUtilsName;

    MtdType(int kernelValue, String mtdUtilsName) {
        this.kernelValue = kernelValue;
        this.mtdUtilsName = mtdUtilsName;
    }

    public int kernelValue() {
        return kernelValue;
    }

    public String mtdUtilsName() {
        return mtdUtilsName;
    }

    public static MtdType fromKernel(int value) {
        return Arrays.stream(values()).filter(t -> t.kernelValue == value && t != UNKNOWN).findFirst().orElse(UNKNOWN);
    }

    /** NAND-like devices have OOB, bad blocks and ECC statistics. */
    public boolean isNand() {
        return this == NAND_FLASH || this == MLC_NAND_FLASH;
    }
}
