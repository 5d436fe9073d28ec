package dev.unbindlab.linux.mtd;

/**
 * What {@code MEMREAD} returned: bytes actually read (the kernel updates the lengths in place)
 * and the ECC statistics of that one read.
 */
public record PageReadResult(long dataLength, long oobLength, long uncorrectableErrors,
                             long correctedBitflips, long maxBitflips) {
}
