package dev.unbindlab.linux.mtd;

import dev.unbindlab.bindings.abi.LinuxAbi;

/** {@code enum mtd_ops_mode}: how {@code MEMREAD}/{@code MEMWRITE} place OOB bytes. */
public enum OobMode {
    PLACE_OOB(LinuxAbi.MTD_OPS_PLACE_OOB()),
    AUTO_OOB(LinuxAbi.MTD_OPS_AUTO_OOB()),
    RAW(LinuxAbi.MTD_OPS_RAW());

    private final int kernelValue;

    OobMode(int kernelValue) {
        this.kernelValue = kernelValue;
    }

    public int kernelValue() {
        return kernelValue;
    }
}
