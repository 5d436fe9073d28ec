package dev.unbindlab.scenario;

import dev.unbindlab.vm.Arch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedBootTest {

    private record Named(String name) implements Scenario {
        @Override public String summary() { return name; }
        @Override public Set<Arch> arches() { return Set.of(Arch.X86_64); }
        @Override public Duration timeout(Arch arch) { return Duration.ofMinutes(1); }
        @Override public void run(GuestContext guest) { }
    }

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    private GuestContext console(Path share) {
        return new GuestContext(share, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @Test
    void scenariosRunInOrderEachInItsOwnDirectoryWithItsStatus(@TempDir Path share) throws Exception {
        List<String> ran = new ArrayList<>();
        int status = SharedBoot.run(List.of(new Named("a"), new Named("b")), share, console(share), (scenario, dir) -> {
            ran.add(scenario.name() + "@" + share.relativize(dir));
            return 0;
        });
        assertEquals(0, status);
        assertEquals(List.of("a@a", "b@b"), ran);
        for (String name : List.of("a", "b")) {
            assertEquals("0", Files.readString(share.resolve(name).resolve(SharedBoot.STATUS_FILE)).trim());
            assertTrue(Files.exists(share.resolve(name).resolve(SharedBoot.MILLIS_FILE)));
        }
    }

    @Test
    void theSequenceStopsAfterAScenarioThatFailedOrCouldNotRun(@TempDir Path share) throws Exception {
        for (var failure : Map.<String, SharedBoot.ScenarioRun>of(
                "failed", (scenario, dir) -> scenario.name().equals("b") ? 1 : 0,
                "threw", (scenario, dir) -> {
                    if (scenario.name().equals("b")) {
                        throw new ScenarioSetupException("no such module");
                    }
                    return 0;
                }).entrySet()) {
            Path dir = Files.createDirectory(share.resolve(failure.getKey()));
            int status = SharedBoot.run(List.of(new Named("a"), new Named("b"), new Named("c")), dir, console(dir), failure.getValue());
            String expected = failure.getKey().equals("failed") ? "1" : "2";
            assertEquals(expected, Integer.toString(status), failure.getKey());
            assertEquals(expected, Files.readString(dir.resolve("b").resolve(SharedBoot.STATUS_FILE)).trim());
            assertFalse(Files.exists(dir.resolve("c")), "c never ran: " + failure.getKey());
        }
        assertTrue(console.toString(StandardCharsets.UTF_8).contains("shared boot stops after b"), console.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aScenarioRunsOncePerBoot(@TempDir Path share) {
        assertThrows(IllegalArgumentException.class,
                () -> SharedBoot.run(List.of(new Named("a"), new Named("a")), share, console(share), (scenario, dir) -> 0));
    }
}
