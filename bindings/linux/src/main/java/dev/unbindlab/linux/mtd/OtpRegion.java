package dev.unbindlab.linux.mtd;

/** One {@code OTPGETREGIONINFO} entry. */
public record OtpRegion(long start, long length, boolean locked) {
}
