package dev.unbindlab.linux.sysfs;

/**
 * A device on a bus, as sysfs names it: {@code platform/f1010000.spi}, {@code spi/spi0.0},
 * {@code i2c/0-0050}.
 */
public record DeviceRef(String bus, String name) {

    public DeviceRef {
        if (bus.isBlank() || name.isBlank() || bus.contains("/") || name.contains("/")) {
            throw new IllegalArgumentException("a device is BUS/NAME, e.g. platform/f1010000.spi; got bus '"
                    + bus + "', name '" + name + "'");
        }
    }

    @Override
    public String toString() {
        return bus + "/" + name;
    }
}
