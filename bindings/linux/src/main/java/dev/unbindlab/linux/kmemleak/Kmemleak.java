package dev.unbindlab.linux.kmemleak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel memory leak detector's debugfs file ({@code Documentation/dev-tools/kmemleak.rst}).
 * The file exists only when kmemleak runs (a kernel with {@code DEBUG_KMEMLEAK_DEFAULT_OFF} needs
 * {@code kmemleak=on}); reading it lists the suspected leaks found by the scans so far.
 * Not final: tests of code that uses it stand in for debugfs.
 */
public class Kmemleak {

    public static final Path DEBUGFS_FILE = Path.of("/sys/kernel/debug/kmemleak");
    /** kmemleak reports no object younger than this (its {@code jiffies_min_age}). */
    public static final java.time.Duration MIN_AGE = java.time.Duration.ofSeconds(5);

    private final Path file;

    public Kmemleak(Path file) {
        this.file = file;
    }

    /** The running kernel's kmemleak, if it is enabled (and debugfs mounted). */
    public static Optional<Kmemleak> system() {
        return Files.exists(DEBUGFS_FILE) ? Optional.of(new Kmemleak(DEBUGFS_FILE)) : Optional.empty();
    }

    /** Forgets every leak suspected so far (e.g. boot-time ones), so later reads show only new ones. */
    public void clear() throws IOException {
        command("clear");
    }

    /**
     * Stops the automatic scans (every 10 minutes, the first one a minute after boot): a scan
     * takes seconds of CPU, more under emulation, and one in the middle of a timed cycle is noise;
     * {@link #scan} still scans on demand.
     */
    public void stopAutomaticScans() throws IOException {
        command("scan=off");
    }

    /** Runs one memory scan now; it returns when the scan is over. */
    public void scan() throws IOException {
        command("scan");
    }

    /** The suspected leaks, one entry per object: its {@code unreferenced object} line and the lines under it. */
    public List<String> leaks() throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    static List<String> parse(String text) {
        List<String> leaks = new ArrayList<>();
        StringBuilder current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("unreferenced object ")) {
                if (current != null) {
                    leaks.add(current.toString());
                }
                current = new StringBuilder(line);
            } else if (current != null && !line.isBlank()) {
                current.append('\n').append(line);
            }
        }
        if (current != null) {
            leaks.add(current.toString());
        }
        return List.copyOf(leaks);
    }

    private void command(String word) throws IOException {
        Files.writeString(file, word, StandardCharsets.US_ASCII);
    }
}
