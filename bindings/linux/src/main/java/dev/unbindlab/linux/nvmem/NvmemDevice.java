package dev.unbindlab.linux.nvmem;

import java.util.List;

/**
 * An nvmem device under {@code /sys/bus/nvmem/devices}.
 *
 * @param name     e.g. {@code 0-00500} (at24 on i2c-0, address 0x50)
 * @param type     the {@code type} attribute: EEPROM, OTP, Battery backed, FRAM or Unknown
 * @param size     bytes readable through the {@code nvmem} file (0 if that file is absent)
 * @param readOnly the {@code force_ro} attribute (false where the attribute is absent)
 * @param cells    the cells it exposes
 */
public record NvmemDevice(String name, String type, long size, boolean readOnly, List<NvmemCell> cells) {

    public NvmemDevice {
        cells = List.copyOf(cells);
    }
}
