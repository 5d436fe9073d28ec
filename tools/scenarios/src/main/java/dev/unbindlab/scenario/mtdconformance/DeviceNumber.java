package dev.unbindlab.scenario.mtdconformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A character device's major:minor, printed the way sysfs and mtdinfo print it. */
public record DeviceNumber(int major, int minor) {

    /** Parses {@code 90:2}. */
    public static DeviceNumber parse(String text) {
        String[] parts = text.strip().split(":");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a major:minor pair: '" + text + "'");
        }
        return new DeviceNumber(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    /** Splits a Linux {@code dev_t} (glibc's encoding, as {@code stat} returns it). */
    public static DeviceNumber fromDevT(long dev) {
        long major = ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xffL) | ((dev >>> 12) & ~0xffL);
        return new DeviceNumber((int) major, (int) minor);
    }

    /** The node's own {@code st_rdev}: independent of sysfs, which mtdinfo reads. */
    public static DeviceNumber ofNode(Path node) throws IOException {
        return fromDevT((Long) Files.getAttribute(node, "unix:rdev"));
    }

    @Override
    public String toString() {
        return major + ":" + minor;
    }
}
