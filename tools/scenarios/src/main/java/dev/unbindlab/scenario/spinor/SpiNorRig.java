package dev.unbindlab.scenario.spinor;

import dev.unbindlab.stress.UnbindTarget;

/**
 * What the host gives the guest for the spi-nor scenarios (QEMU {@code xlnx-versal-virt} with
 * {@code ospi-flash=n25q128}, the OSPI device tree, a flash image): the guest side only names it.
 */
public final class SpiNorRig {

    /**
     * The MTD's name: cadence-qspi names its flash {@code <controller>.<chip select>}. Found by name
     * every cycle, never as {@code /dev/mtd0}: the number can change across a rebind.
     */
    public static final String MTD_NAME = "f1010000.spi.0";
    /** A 16 MiB Micron n25q128. */
    public static final long FLASH_SIZE = 16L << 20;

    /** The Cadence QSPI controller (the seed's first trace). */
    public static final UnbindTarget CONTROLLER = new UnbindTarget("platform/f1010000.spi", "cadence-qspi");
    /** The flash chip on the controller's SPI bus (the seed's second trace): the MTD's own parent device. */
    public static final UnbindTarget FLASH_DEVICE = new UnbindTarget("spi/spi0.0", "spi-nor");

    private SpiNorRig() {
    }
}
