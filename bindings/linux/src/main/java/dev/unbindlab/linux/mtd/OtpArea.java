package dev.unbindlab.linux.mtd;

import dev.unbindlab.bindings.abi.LinuxAbi;

/** Which one-time-programmable area {@code OTPSELECT} switches the file to. */
public enum OtpArea {
    FACTORY(LinuxAbi.MTD_OTP_FACTORY()),
    USER(LinuxAbi.MTD_OTP_USER());

    private final int kernelValue;

    OtpArea(int kernelValue) {
        this.kernelValue = kernelValue;
    }

    public int kernelValue() {
        return kernelValue;
    }
}
