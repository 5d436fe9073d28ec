package dev.unbindlab.linux.sysfs;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a device sits and what drives it.
 *
 * @param device         bus and name
 * @param sysfsPath      its canonical directory under {@code /sys/devices}
 * @param driver         the bound driver, empty when unbound
 * @param driverOverride the {@code driver_override} attribute, empty when unset or unsupported by the bus
 */
public record DeviceStatus(DeviceRef device, Path sysfsPath, Optional<String> driver, Optional<String> driverOverride) {
}
