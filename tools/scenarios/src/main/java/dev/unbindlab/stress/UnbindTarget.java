package dev.unbindlab.stress;

/**
 * The device a stress run unbinds each cycle.
 *
 * @param device {@code BUS/NAME} as {@link dev.unbindlab.linux.sysfs.DriverBinding#resolve} takes it
 * @param driver the driver it must be bound to when the run starts (and is bound to again)
 */
public record UnbindTarget(String device, String driver) {

    public UnbindTarget {
        if (device.isEmpty() || driver.isEmpty()) {
            throw new IllegalArgumentException("an unbind target needs a device and a driver");
        }
    }

    /**
     * Parses the command line's {@code BUS/DRIVER/DEVICE}, e.g. {@code spi/spi-nor/spi0.0} or
     * {@code platform/cadence-qspi/f1010000.spi} (the sysfs path {@code /sys/bus/BUS/drivers/DRIVER/DEVICE}).
     *
     * @throws IllegalArgumentException saying what the text lacks
     */
    public static UnbindTarget parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not BUS/DRIVER/DEVICE (e.g. spi/spi-nor/spi0.0, as in "
                    + "/sys/bus/spi/drivers/spi-nor/spi0.0)");
        }
        return new UnbindTarget(parts[0] + "/" + parts[2], parts[1]);
    }

    @Override
    public String toString() {
        return device + " from " + driver;
    }
}
