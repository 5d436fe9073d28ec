package dev.unbindlab.scenario;

import dev.unbindlab.ktap.KtapStream;
import dev.unbindlab.ktap.KtapTest;
import dev.unbindlab.linux.kmemleak.Kmemleak;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeakCheckTest {

    private static final String LEAK = """
            unreferenced object 0xffff000003a1c800 (size 128):
              comm "reader-1", pid 212, jiffies 4294939123
              backtrace (crc 5b3f1a2e):
                kmemleak_alloc+0x34/0x48
                mtdchar_open+0x94/0x2f0""";

    @TempDir Path dir;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    /**
     * debugfs stand-in, with kmemleak's rule that the scan that first checksums an object does
     * not report it: lists {@code leaks} from the second scan on.
     */
    private static final class FakeKmemleak extends Kmemleak {
        final List<String> commands = new ArrayList<>();
        private final List<String> leaks;

        FakeKmemleak(List<String> leaks) {
            super(Path.of("/nonexistent"));
            this.leaks = leaks;
        }

        @Override
        public void stopAutomaticScans() {
            commands.add("scan=off");
        }

        @Override
        public void clear() {
            commands.add("clear");
        }

        @Override
        public void scan() {
            commands.add("scan");
        }

        @Override
        public List<String> leaks() throws IOException {
            return commands.stream().filter("scan"::equals).count() >= 2 ? leaks : List.of();
        }
    }

    private KtapTest check(Optional<Kmemleak> kmemleak, Optional<String> skip) throws Exception {
        GuestContext guest = new GuestContext(dir, new PrintStream(console, true, StandardCharsets.UTF_8));
        LeakCheck check = new LeakCheck(guest, kmemleak, Duration.ZERO);
        check.start();
        KtapStream ktap = new KtapStream(new StringWriter(), 1, line -> { });
        check.finish(ktap, skip);
        return ktap.results().getFirst();
    }

    @Test
    void leaksFailTheResultAndReachTheConsoleVerbatimForTriage() throws Exception {
        FakeKmemleak kmemleak = new FakeKmemleak(List.of(LEAK));
        KtapTest result = check(Optional.of(kmemleak), Optional.empty());
        assertEquals(List.of("scan=off", "clear", "scan", "scan"), kmemleak.commands);
        assertTrue(result.failed(), result.toString());
        assertTrue(result.diagnostics().get(0).contains("1 suspected leak(s)"), result.diagnostics().toString());
        assertEquals("unreferenced object 0xffff000003a1c800 (size 128):", result.diagnostics().get(1));
        String out = console.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("\n" + LEAK.lines().findFirst().orElseThrow() + "\n"), out);
        assertTrue(out.contains("\n    mtdchar_open+0x94/0x2f0\n"), out);
    }

    @Test
    void noLeaksPassAfterTwoScans() throws Exception {
        FakeKmemleak kmemleak = new FakeKmemleak(List.of());
        KtapTest result = check(Optional.of(kmemleak), Optional.empty());
        assertTrue(result.ok() && !result.skipped(), result.toString());
        assertEquals(List.of("scan=off", "clear", "scan", "scan"), kmemleak.commands);
    }

    @Test
    void noKmemleakIsASkipNamingTheKernelArgument() throws Exception {
        KtapTest result = check(Optional.empty(), Optional.empty());
        assertTrue(result.skipped());
        assertTrue(result.reason().orElseThrow().contains("kmemleak=on"), result.toString());
    }

    @Test
    void aRunThatStoppedIsSkippedWithItsReasonAndNothingIsScanned() throws Exception {
        FakeKmemleak kmemleak = new FakeKmemleak(List.of(LEAK));
        KtapTest result = check(Optional.of(kmemleak), Optional.of("stopped after a kernel report in cycle 1"));
        assertTrue(result.skipped());
        assertFalse(kmemleak.commands.contains("scan"));
        assertEquals("stopped after a kernel report in cycle 1", result.reason().orElseThrow());
    }
}
