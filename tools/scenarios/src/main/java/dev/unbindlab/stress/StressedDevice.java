package dev.unbindlab.stress;

import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.NativeFile;
import dev.unbindlab.linux.mtd.MtdDirectory;
import dev.unbindlab.linux.mtd.MtdEntry;
import dev.unbindlab.linux.nvmem.Nvmem;
import dev.unbindlab.linux.nvmem.NvmemDevice;
import dev.unbindlab.linux.sysfs.Sysfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The device a stress run reads, as found now: an MTD ({@code /dev/mtdN}) or an nvmem device
 * (its sysfs {@code nvmem} file). Its number or node can change across a rebind, so a run
 * follows it by {@link Kind} and name ({@link #awaitAgain}); an nvmem provider that registers
 * with an automatic id (at24: {@code 0-0050} + id) may even come back under another name, and
 * is then found as the one nvmem device of the same provider.
 *
 * @param node            the file the readers open, read to its end and close
 * @param sysfsDirectory  the device's own sysfs directory, which must lie below the unbound device
 */
public record StressedDevice(Kind kind, String name, Path node, long size, Path sysfsDirectory) {

    /** How a kind of device is found by name. */
    public enum Kind {
        MTD("MTD"), NVMEM("nvmem device");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** {@code MTD}, {@code nvmem device}: for messages. */
        public String label() {
            return label;
        }
    }

    private static final Duration POLL = Duration.ofMillis(20);

    /** Opens {@link #node} read-only: the only mode a stress reader uses. */
    public NativeFile open() throws LinuxException {
        return NativeFile.openReadOnly(node.toString());
    }

    /** {@code MTD f1010000.spi.0 (/dev/mtd0)}. */
    public String describe() {
        return kind.label() + " " + name + " (" + node + ")";
    }

    /**
     * This device after a rebind, once it is there again; within {@code timeout}. By name; an
     * nvmem device whose name is not back is also found as the only nvmem device below the
     * same provider (its parent in sysfs).
     */
    public StressedDevice awaitAgain(Duration timeout) throws IOException, TimeoutException, InterruptedException {
        if (kind == Kind.MTD) {
            return await(kind, name, timeout);
        }
        Path provider = sysfsDirectory.getParent();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<StressedDevice> found = findNvmem(name);
            if (found.isEmpty()) {
                found = onlyNvmemBelow(provider);
            }
            if (found.isPresent()) {
                return found.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("no nvmem device named " + name + ", nor one alone below " + provider + ", within "
                        + timeout.toMillis() + " ms");
            }
            Thread.sleep(POLL);
        }
    }

    private static Optional<StressedDevice> onlyNvmemBelow(Path provider) throws IOException {
        Path devices = Sysfs.system().resolve("bus/nvmem/devices");
        if (!Files.isDirectory(devices)) {
            return Optional.empty();
        }
        List<String> below = new ArrayList<>();
        try (DirectoryStream<Path> links = Files.newDirectoryStream(devices)) {
            for (Path link : links) {
                try {
                    if (link.toRealPath().getParent().equals(provider)) {
                        below.add(link.getFileName().toString());
                    }
                } catch (IOException gone) {
                    // unregistered while we looked
                }
            }
        }
        return below.size() == 1 ? findNvmem(below.getFirst()) : Optional.empty();
    }

    /** The device of {@code kind} named {@code name}, once it exists; within {@code timeout}. */
    public static StressedDevice await(Kind kind, String name, Duration timeout)
            throws IOException, TimeoutException, InterruptedException {
        return switch (kind) {
            case MTD -> ofMtd(MtdDirectory.system().awaitByName(name, timeout));
            case NVMEM -> {
                long deadline = System.nanoTime() + timeout.toNanos();
                Optional<StressedDevice> found;
                while ((found = findNvmem(name)).isEmpty()) {
                    if (System.nanoTime() - deadline > 0) {
                        throw new TimeoutException("no nvmem device named " + name + " within " + timeout.toMillis() + " ms");
                    }
                    Thread.sleep(POLL);
                }
                yield found.get();
            }
        };
    }

    public static StressedDevice ofMtd(MtdEntry entry) throws IOException {
        return new StressedDevice(Kind.MTD, entry.name(), entry.deviceNode(), entry.size(),
                Sysfs.system().resolve("class/mtd/mtd" + entry.index()).toRealPath());
    }

    /** The nvmem device named {@code name}, if it is registered now. */
    public static Optional<StressedDevice> findNvmem(String name) throws IOException {
        Path directory = Sysfs.system().resolve("bus/nvmem/devices").resolve(name);
        if (!Files.exists(directory)) {
            return Optional.empty();
        }
        NvmemDevice device;
        try {
            device = Nvmem.system().device(name);
            directory = directory.toRealPath();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // unregistered while we looked
        }
        return Optional.of(new StressedDevice(Kind.NVMEM, name, directory.resolve("nvmem"), device.size(), directory));
    }
}
