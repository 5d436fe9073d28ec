package dev.unbindlab.linux.mtd;

import dev.unbindlab.linux.sysfs.Sysfs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The MTDs the kernel has registered, found by name because numbers change across rebinds. */
public final class MtdDirectory {

    private static final Pattern MTD_DIR = Pattern.compile("mtd(\\d+)");
    private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

    private final Sysfs sysfs;
    private final Path devRoot;

    public MtdDirectory(Sysfs sysfs, Path devRoot) {
        this.sysfs = sysfs;
        this.devRoot = devRoot;
    }

    public static MtdDirectory system() {
        return new MtdDirectory(Sysfs.system(), Path.of("/dev"));
    }

    /** All MTDs in index order; the read-only {@code mtdNro} twins are skipped. */
    public List<MtdEntry> list() throws IOException {
        Path classDir = sysfs.resolve("class/mtd");
        List<MtdEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(classDir)) {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(classDir)) {
            for (Path dir : stream) {
                Matcher m = MTD_DIR.matcher(dir.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                // Attributes vanish while the MTD is being removed: skip it rather than fail.
                Optional<String> name = sysfs.readAttribute(dir.resolve("name"));
                if (name.isEmpty()) {
                    continue;
                }
                String type = sysfs.readAttribute(dir.resolve("type")).orElse("unknown");
                long size = sysfs.readAttribute(dir.resolve("size")).map(Long::parseLong).orElse(0L);
                entries.add(new MtdEntry(Integer.parseInt(m.group(1)), name.get(), type, size,
                        devRoot.resolve(dir.getFileName().toString())));
            }
        }
        entries.sort(Comparator.comparingInt(MtdEntry::index));
        return entries;
    }

    public Optional<MtdEntry> findByName(String name) throws IOException {
        return list().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /**
     * Waits until an MTD called {@code name} is registered and its device node exists (udev or
     * devtmpfs may lag behind sysfs).
     */
    public MtdEntry awaitByName(String name, Duration timeout) throws IOException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<MtdEntry> entry = findByName(name);
            if (entry.isPresent() && Files.exists(entry.get().deviceNode())) {
                return entry.get();
            }
            if (System.nanoTime() - deadline > 0) {
                throw new TimeoutException("no MTD named '" + name + "' with a device node after " + timeout.toMillis()
                        + " ms" + entry.map(e -> " (" + e.deviceNode() + " missing)").orElse(""));
            }
            Thread.sleep(POLL_INTERVAL);
        }
    }
}
