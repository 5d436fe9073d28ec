package dev.unbindlab.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The root {@code ./unbindlab} script end to end, as a user runs it: JDK discovery, the packaged
 * jar, native access, exit codes and messages.
 */
class LauncherIT {

    record Result(int exit, String out, String err) {
    }

    static Result launch(String... args) throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("unbindlab.root", "..")).toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(root.resolve("unbindlab").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("unbindlab-out", ".txt");
        Path err = Files.createTempFile("unbindlab-err", ".txt");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("./unbindlab " + String.join(" ", args) + " did not finish in 120 s");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void helpListsTheSubcommands() throws Exception {
        Result r = launch("--help");
        assertEquals(0, r.exit(), r.err());
        for (String sub : List.of("mtd", "nvmem", "sysfs", "kmsg", "taint")) {
            assertTrue(r.out().contains("  " + sub + " "), r.out());
        }
    }

    @Test
    void mtdInfoOnDevNullExitsTwoNamingEnotty() throws Exception {
        Result r = launch("mtd", "info", "/dev/null");
        assertEquals(2, r.exit());
        assertEquals("unbindlab: /dev/null: not an MTD character device (ioctl MEMGETINFO: ENOTTY)\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void mtdInfoOnMissingPathExitsTwoNamingEnoent() throws Exception {
        Result r = launch("mtd", "info", "/nonexistent");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("ENOENT"), r.err());
    }

    @Test
    void nativeCallsRunWithoutAccessWarnings() throws Exception {
        Result r = launch("taint");
        assertTrue(r.exit() == 0 || r.exit() == 1, r.err());
        assertTrue(r.out().startsWith("tainted: "), r.out());
        assertTrue(!r.err().contains("WARNING"), "restricted-method warnings mean native access is off: " + r.err());
    }

    @Test
    void versionNamesTheJavaRuntime() throws Exception {
        Result r = launch("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("unbindlab "), r.out());
        assertTrue(r.out().contains("Java "), r.out());
    }
}
