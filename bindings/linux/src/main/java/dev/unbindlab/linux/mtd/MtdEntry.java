package dev.unbindlab.linux.mtd;

import java.nio.file.Path;

/**
 * An MTD as {@code /sys/class/mtd} lists it. The index (and so the {@code /dev/mtdN} node) can
 * change every time the device is unbound and bound again; the name does not.
 */
public record MtdEntry(int index, String name, String type, long size, Path deviceNode) {
}
