package dev.unbindlab.linux.nvmem;

import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.NativeFile;
import dev.unbindlab.linux.sysfs.Sysfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * nvmem providers seen from user space: {@code /sys/bus/nvmem/devices}. Reads use
 * {@code pread(2)} on the binary attribute so a provider that went away shows as its errno.
 */
public final class Nvmem {

    private static final Pattern CELL_FILE = Pattern.compile("(.+)@([0-9a-fA-F]+),([0-9a-fA-F]+)");

    private final Sysfs sysfs;

    public Nvmem(Sysfs sysfs) {
        this.sysfs = sysfs;
    }

    public static Nvmem system() {
        return new Nvmem(Sysfs.system());
    }

    private Path devicesDir() {
        return sysfs.resolve("bus/nvmem/devices");
    }

    public List<NvmemDevice> list() throws IOException {
        List<NvmemDevice> devices = new ArrayList<>();
        if (!Files.isDirectory(devicesDir())) {
            return devices;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(devicesDir())) {
            for (Path dir : stream) {
                devices.add(describe(dir));
            }
        }
        devices.sort(Comparator.comparing(NvmemDevice::name));
        return devices;
    }

    public NvmemDevice device(String name) throws IOException {
        Path dir = devicesDir().resolve(name);
        if (name.contains("/") || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(name + ": no nvmem device " + dir);
        }
        return describe(dir);
    }

    private NvmemDevice describe(Path dir) throws IOException {
        Path data = dir.resolve("nvmem");
        long size = Files.exists(data) ? Files.size(data) : 0;
        String type = sysfs.readAttribute(dir.resolve("type")).orElse("Unknown");
        boolean readOnly = sysfs.readAttribute(dir.resolve("force_ro")).map(v -> v.equals("1")).orElse(false);
        List<NvmemCell> cells = new ArrayList<>();
        Path cellsDir = dir.resolve("cells");
        if (Files.isDirectory(cellsDir)) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(cellsDir)) {
                for (Path cell : stream) {
                    String file = cell.getFileName().toString();
                    Matcher m = CELL_FILE.matcher(file);
                    if (m.matches()) {
                        cells.add(new NvmemCell(m.group(1), Long.parseLong(m.group(2), 16),
                                Integer.parseInt(m.group(3), 16), Files.size(cell), file));
                    }
                }
            }
        }
        cells.sort(Comparator.comparingLong(NvmemCell::offset).thenComparing(NvmemCell::name));
        return new NvmemDevice(dir.getFileName().toString(), type, size, readOnly, cells);
    }

    /**
     * The nvmem devices a device provides, e.g. {@code 0-00501} for the at24 client
     * {@code 0-0050}: those whose sysfs directory sits right under that device's.
     */
    public List<String> providedBy(String parentDevice) throws IOException {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(devicesDir())) {
            return names;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(devicesDir())) {
            for (Path link : stream) {
                Path parent;
                try {
                    parent = link.toRealPath().getParent();
                } catch (NoSuchFileException e) {
                    continue; // unregistered while we looked
                }
                if (parent != null && parent.getFileName().toString().equals(parentDevice)) {
                    names.add(link.getFileName().toString());
                }
            }
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    /**
     * Opens a device's {@code nvmem} file read-only, for reads with
     * {@link NativeFile#preadBytes}: an open file held across the provider's unbind shows what
     * kernfs does with it.
     */
    public NativeFile open(String device) throws LinuxException {
        return NativeFile.openReadOnly(devicesDir().resolve(device).resolve("nvmem").toString());
    }

    /** Reads {@code length} bytes at {@code offset} of the device; fewer at its end. */
    public byte[] read(String device, long offset, int length) throws LinuxException {
        return readFile(devicesDir().resolve(device).resolve("nvmem"), offset, length);
    }

    /**
     * Writes {@code data} at {@code offset} through the device's {@code nvmem} file (one
     * {@code pwrite(2)} per call until all is written): the provider's own write path, so an
     * EEPROM's page size and write cycles apply.
     */
    public void write(String device, long offset, byte[] data) throws LinuxException {
        try (NativeFile nvmem = NativeFile.openWriteOnly(devicesDir().resolve(device).resolve("nvmem").toString())) {
            nvmem.pwriteBytes(data, offset);
        }
    }

    /** The whole device, as {@code cat .../nvmem} would give it. */
    public byte[] readAll(String device) throws IOException {
        return read(device, 0, Math.toIntExact(device(device).size()));
    }

    public byte[] readCell(String device, String cellName) throws IOException {
        NvmemCell cell = device(device).cells().stream()
                .filter(c -> c.name().equals(cellName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(device + ": no cell named '" + cellName + "'"));
        return readFile(devicesDir().resolve(device).resolve("cells").resolve(cell.fileName()), 0,
                Math.toIntExact(cell.size()));
    }

    private static byte[] readFile(Path file, long offset, int length) throws LinuxException {
        return NativeFile.readBytes(file.toString(), offset, length);
    }
}
