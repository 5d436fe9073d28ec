package dev.unbindlab.scenario;

import dev.unbindlab.ktap.Ktap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuestContextTest {

    @TempDir Path results;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private GuestContext guest() {
        return new GuestContext(results, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @Test
    void ktapGoesToTheResultsFileAndTheConsole() throws Exception {
        try (GuestContext guest = guest()) {
            guest.ktap(1).pass("works", List.of());
            assertEquals(1, guest.ktapResults().size());
        }
        assertTrue(Ktap.parse(Files.readString(results.resolve(GuestContext.KTAP_FILE))).complete());
        assertTrue(console.toString(StandardCharsets.UTF_8).contains(GuestContext.CONSOLE_PREFIX + "ok 1 works"));
    }

    @Test
    void execCapturesOutputAndStatus() throws Exception {
        ProcessResult result = guest().exec(Duration.ofSeconds(10), "sh", "-c", "printf out; printf err >&2; exit 3");
        assertEquals(3, result.exitCode());
        assertEquals("out", result.stdoutText());
        assertEquals("err", result.stderr());
    }

    @Test
    void aMissingProgramOrAHangIsASetupError() {
        GuestContext guest = guest();
        assertThrows(ScenarioSetupException.class, () -> guest.exec(Duration.ofSeconds(5), "/nonexistent/mtdinfo"));
        var hang = assertThrows(ScenarioSetupException.class, () -> guest.exec(Duration.ofMillis(300), "sleep", "30"));
        assertTrue(hang.getMessage().contains("did not finish"), hang.getMessage());
    }
}
