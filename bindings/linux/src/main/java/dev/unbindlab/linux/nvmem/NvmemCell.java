package dev.unbindlab.linux.nvmem;

/**
 * A cell of an nvmem device as sysfs exposes it (Linux 6.9+):
 * {@code cells/<name>@<offset hex>,<bit offset hex>}.
 */
public record NvmemCell(String name, long offset, int bitOffset, long size, String fileName) {
}
