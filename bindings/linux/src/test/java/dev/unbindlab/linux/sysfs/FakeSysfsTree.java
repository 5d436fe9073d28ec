package dev.unbindlab.linux.sysfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Builds the shape of a sysfs tree (directories, attribute files, relative symlinks) in a temp
 * directory, to test path logic. Attribute "writes" land in ordinary files we can read back.
 */
public final class FakeSysfsTree {

    private final Path root;

    public FakeSysfsTree(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** A device directory under devices/ on {@code bus}, linked from bus/BUS/devices/NAME. */
    public Path device(String bus, String devicePath) throws IOException {
        Path dir = Files.createDirectories(root.resolve("devices").resolve(devicePath));
        Path busDir = Files.createDirectories(root.resolve("bus").resolve(bus));
        Files.createDirectories(busDir.resolve("devices"));
        Files.createDirectories(busDir.resolve("drivers"));
        touch(busDir.resolve("drivers_probe"));
        link(busDir.resolve("devices").resolve(dir.getFileName().toString()), dir);
        link(dir.resolve("subsystem"), busDir);
        touch(dir.resolve("driver_override"));
        Files.writeString(dir.resolve("driver_override"), "(null)\n");
        return dir;
    }

    public Path driver(String bus, String driver) throws IOException {
        Path dir = Files.createDirectories(root.resolve("bus").resolve(bus).resolve("drivers").resolve(driver));
        touch(dir.resolve("bind"));
        touch(dir.resolve("unbind"));
        return dir;
    }

    public void bindLink(Path device, Path driverDir) throws IOException {
        link(device.resolve("driver"), driverDir);
    }

    public Path mtd(int index, String name, Path parentDevice) throws IOException {
        Path dir = Files.createDirectories(parentDevice.resolve("mtd").resolve("mtd" + index));
        Files.writeString(dir.resolve("name"), name + "\n");
        Files.writeString(dir.resolve("type"), "nor\n");
        Files.writeString(dir.resolve("size"), "16777216\n");
        link(dir.resolve("device"), parentDevice);
        Path classDir = Files.createDirectories(root.resolve("class/mtd"));
        link(classDir.resolve("mtd" + index), dir);
        return dir;
    }

    public static void touch(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file);
        }
    }

    public static void link(Path link, Path target) throws IOException {
        Files.createSymbolicLink(link, link.getParent().relativize(target));
    }
}
