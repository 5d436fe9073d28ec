package dev.unbindlab.linux.sysfs;

import dev.unbindlab.linux.LinuxException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Driver binding through sysfs: which driver a device has, {@code unbind}, {@code bind},
 * {@code drivers_probe} and {@code driver_override}.
 */
public final class DriverBinding {

    private static final Pattern MTD_NODE = Pattern.compile("(?:/dev/)?(mtd\\d+)");

    private final Sysfs sysfs;

    public DriverBinding(Sysfs sysfs) {
        this.sysfs = sysfs;
    }

    /**
     * Finds a device from what a user types: {@code BUS/NAME}, a path under sysfs, a bare device
     * name if exactly one bus has it, or {@code /dev/mtdN} (the device that provides that MTD,
     * e.g. {@code spi/spi0.0} for a SPI NOR).
     *
     * @throws IllegalArgumentException naming what was not found or what was ambiguous
     */
    public DeviceRef resolve(String spec) throws IOException {
        var mtd = MTD_NODE.matcher(spec);
        if (mtd.matches()) {
            Path device = sysfs.resolve("class/mtd/" + mtd.group(1) + "/device");
            if (!Files.exists(device)) {
                throw new IllegalArgumentException(spec + ": no " + sysfs.resolve("class/mtd/" + mtd.group(1))
                        + " with a parent device");
            }
            return fromSysfsDirectory(device);
        }
        if (spec.startsWith("/")) {
            Path path = Path.of(spec);
            if (!Files.isDirectory(path)) {
                throw new IllegalArgumentException(spec + ": no such sysfs device directory");
            }
            return fromSysfsDirectory(path);
        }
        int slash = spec.indexOf('/');
        if (slash > 0) {
            DeviceRef ref = new DeviceRef(spec.substring(0, slash), spec.substring(slash + 1));
            if (!Files.exists(deviceDir(ref))) {
                throw new IllegalArgumentException(spec + ": no device " + deviceDir(ref));
            }
            return ref;
        }
        List<DeviceRef> matches = new ArrayList<>();
        Path buses = sysfs.resolve("bus");
        if (Files.isDirectory(buses)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(buses)) {
                for (Path bus : stream) {
                    if (Files.exists(bus.resolve("devices").resolve(spec))) {
                        matches.add(new DeviceRef(bus.getFileName().toString(), spec));
                    }
                }
            }
        }
        return switch (matches.size()) {
            case 1 -> matches.getFirst();
            case 0 -> throw new IllegalArgumentException(spec + ": no bus under " + buses + " has such a device");
            default -> throw new IllegalArgumentException(spec + ": ambiguous, found " + matches + "; write BUS/NAME");
        };
    }

    private DeviceRef fromSysfsDirectory(Path directory) throws IOException {
        Path real = directory.toRealPath();
        String bus = sysfs.linkTargetName(real.resolve("subsystem"))
                .orElseThrow(() -> new IllegalArgumentException(real + ": has no subsystem link, not a device"));
        return new DeviceRef(bus, real.getFileName().toString());
    }

    public Path deviceDir(DeviceRef ref) {
        return sysfs.resolve("bus/" + ref.bus() + "/devices/" + ref.name());
    }

    private Path driverDir(DeviceRef ref, String driver) {
        return sysfs.resolve("bus/" + ref.bus() + "/drivers/" + driver);
    }

    public Optional<String> driverOf(DeviceRef ref) throws IOException {
        return sysfs.linkTargetName(deviceDir(ref).resolve("driver"));
    }

    public DeviceStatus where(DeviceRef ref) throws IOException {
        Optional<String> override = sysfs.readAttribute(deviceDir(ref).resolve("driver_override"))
                .filter(value -> !value.isEmpty() && !value.equals("(null)"));
        return new DeviceStatus(ref, deviceDir(ref).toRealPath(), driverOf(ref), override);
    }

    /**
     * Unbinds {@code ref} from its driver and returns that driver's name, so the caller can bind
     * it again.
     *
     * @throws IllegalStateException if no driver is bound
     */
    public String unbind(DeviceRef ref) throws IOException {
        String driver = driverOf(ref)
                .orElseThrow(() -> new IllegalStateException(ref + ": not bound to any driver"));
        sysfs.writeAttribute(driverDir(ref, driver).resolve("unbind"), ref.name());
        return driver;
    }

    /** Binds {@code ref} to {@code driver}; ENODEV if the driver does not take it, EBUSY if already bound. */
    public void bind(DeviceRef ref, String driver) throws LinuxException {
        sysfs.writeAttribute(driverDir(ref, driver).resolve("bind"), ref.name());
    }

    /** Lets the bus pick a driver ({@code drivers_probe}), honouring {@code driver_override}. */
    public void probe(DeviceRef ref) throws LinuxException {
        sysfs.writeAttribute(sysfs.resolve("bus/" + ref.bus() + "/drivers_probe"), ref.name());
    }

    /** Sets {@code driver_override}; an empty value clears it. */
    public void setDriverOverride(DeviceRef ref, String driver) throws LinuxException {
        sysfs.writeAttribute(deviceDir(ref).resolve("driver_override"), driver.isEmpty() ? "\n" : driver);
    }
}
