package dev.unbindlab.scenario.nvmem;

import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.NativeFile;
import dev.unbindlab.linux.sysfs.Sysfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code nvmem-consumer} test module (vm-images/modules/nvmem-consumer) seen from the guest:
 * an in-kernel consumer holding an nvmem device and a cell, driven through debugfs. Every
 * nvmem call it makes for a read() returns the kernel's errno to that read(), so a
 * {@link LinuxException} here names what the nvmem core answered (ENODEV with the SRCU series).
 */
final class ConsumerModule {

    static final String MODULE = "nvmem-consumer";
    static final Path DEBUGFS = Path.of("/sys/kernel/debug/nvmem-consumer");
    static final int CELL_OFFSET = 0;
    static final int CELL_BYTES = 16;

    /** One run of the module's read_loop: {@code reads} nvmem_device_read()s of {@code bytes} each in {@code nanos}. */
    record ReadLoop(long reads, int bytes, long nanos) {

        double nanosPerRead() {
            return (double) nanos / reads;
        }
    }

    private final Sysfs sysfs;
    private final Path dir;

    ConsumerModule(Sysfs sysfs, Path dir) {
        this.sysfs = sysfs;
        this.dir = dir;
    }

    static ConsumerModule system() {
        return new ConsumerModule(Sysfs.system(), DEBUGFS);
    }

    /** modprobe arguments that make it hold {@code nvmem} and a cell of {@value #CELL_BYTES} bytes at {@value #CELL_OFFSET}. */
    static List<String> parameters(String nvmem, boolean withCell) {
        return withCell ? List.of("nvmem_name=" + nvmem, "cell_offset=" + CELL_OFFSET, "cell_bytes=" + CELL_BYTES)
                : List.of("nvmem_name=" + nvmem);
    }

    /** {@code nvmem_device_read()} of {@code length} bytes at {@code offset}, in one read() of the module's window. */
    byte[] deviceRead(int offset, int length) throws LinuxException {
        sysfs.writeAttribute(dir.resolve("device_request"), offset + " " + length);
        return NativeFile.readBytes(dir.resolve("device_read").toString(), 0, length);
    }

    /** {@code nvmem_cell_read()} of the cell. */
    byte[] cellRead() throws LinuxException {
        return NativeFile.readBytes(dir.resolve("cell_read").toString(), 0, CELL_BYTES);
    }

    /** {@code reads} back-to-back nvmem_device_read()s of {@code length} bytes at {@code offset}, timed in the kernel. */
    ReadLoop readLoop(int offset, int length, int reads) throws IOException {
        sysfs.writeAttribute(dir.resolve("device_request"), offset + " " + length);
        sysfs.writeAttribute(dir.resolve("read_loop"), Integer.toString(reads));
        Map<String, String> result = keyValues(dir.resolve("read_loop"));
        return new ReadLoop(Long.parseLong(result.get("reads")), Integer.parseInt(result.get("bytes_per_read")),
                Long.parseLong(result.get("elapsed_ns")));
    }

    /** The {@code status} file: attached, counters, last_error and the call that returned it. */
    Map<String, String> status() throws IOException {
        return keyValues(dir.resolve("status"));
    }

    private static Map<String, String> keyValues(Path file) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                values.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
            }
        }
        return values;
    }
}
