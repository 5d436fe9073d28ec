package dev.unbindlab.linux.mtd;

/** {@code ECCGETSTATS}: counters since the MTD was registered. */
public record EccStats(long corrected, long failed, long badBlocks, long bbtBlocks) {
}
