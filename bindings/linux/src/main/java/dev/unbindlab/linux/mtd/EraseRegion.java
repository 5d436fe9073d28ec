package dev.unbindlab.linux.mtd;

/** One {@code MEMGETREGIONINFO} entry: a run of erase blocks of one size (NOR with mixed sectors). */
public record EraseRegion(int index, long offset, long eraseSize, long blockCount) {
}
