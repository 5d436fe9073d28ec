package dev.unbindlab.scenario;

import dev.unbindlab.stress.StressConsole;
import dev.unbindlab.ktap.KtapStream;
import dev.unbindlab.linux.kmemleak.Kmemleak;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A kmemleak scan over what a scenario did: {@link #start} forgets the leaks suspected so far
 * (boot-time allocations), {@link #finish} scans and writes one KTAP result. Leaks also go to the
 * console verbatim, where the host's triage sees them as kmemleak reports.
 *
 * <p>Two scans, as syzkaller does. kmemleak never reports an object in the scan that first
 * sees its checksum (it might still be being written), so with the automatic scans off a single
 * scan reports nothing: measured, one scan after 5 cycles of nvmem-srcu-v1 found 0 leaks, two
 * scans after 10 cycles found 19. The second scan also drops objects whose last pointer was briefly in a register
 * or on a stack during the first.
 */
public final class LeakCheck {

    public static final String TEST_NAME = "kmemleak";
    /** The kernel argument that turns kmemleak on in our kernels (built DEBUG_KMEMLEAK_DEFAULT_OFF). */
    public static final String KERNEL_ARGUMENT = "kmemleak=on";

    private final StressConsole guest;
    private final Optional<Kmemleak> kmemleak;
    private final Duration settle;
    private long startedNanos;

    /** {@code settle}: how long to wait before scanning, so that the last objects freed are old enough to count. */
    public LeakCheck(StressConsole guest, Optional<Kmemleak> kmemleak, Duration settle) {
        this.guest = guest;
        this.kmemleak = kmemleak;
        this.settle = settle;
    }

    public static LeakCheck system(StressConsole guest) {
        return new LeakCheck(guest, Kmemleak.system(), Kmemleak.MIN_AGE.plusSeconds(1));
    }

    public void start() throws IOException {
        if (kmemleak.isPresent()) {
            // Measured under TCG: the automatic scan a minute after boot made one cycle take 16 s instead of 2-4.
            kmemleak.get().stopAutomaticScans();
            kmemleak.get().clear();
            guest.log("kmemleak: automatic scans off, earlier suspects cleared");
        } else {
            guest.log("kmemleak: not running (" + Kmemleak.DEBUGFS_FILE + " absent); the leak check will be skipped");
        }
        startedNanos = System.nanoTime();
    }

    /** Writes the {@value #TEST_NAME} result: SKIP with {@code skipReason} if given, or if kmemleak is off. */
    public void finish(KtapStream ktap, Optional<String> skipReason) throws InterruptedException {
        if (skipReason.isPresent()) {
            ktap.skip(TEST_NAME, skipReason.get());
            return;
        }
        if (kmemleak.isEmpty()) {
            ktap.skip(TEST_NAME, "kmemleak is not running in this kernel (boot with " + KERNEL_ARGUMENT + ")");
            return;
        }
        // Objects left over by the last cycle are younger than kmemleak's minimum age: wait it out.
        Thread.sleep(settle.toMillis());
        long scanStart = System.nanoTime();
        List<String> leaks;
        try {
            kmemleak.get().scan();
            kmemleak.get().scan();
            leaks = kmemleak.get().leaks();
        } catch (IOException e) {
            ktap.fail(TEST_NAME, List.of("kmemleak scan failed: " + e.getMessage()));
            return;
        }
        long scanMillis = (System.nanoTime() - scanStart) / 1_000_000;
        List<String> diagnostics = new ArrayList<>();
        diagnostics.add("two scans took " + scanMillis + " ms; " + leaks.size() + " suspected leak(s) since the scenario started "
                + (System.nanoTime() - startedNanos) / 1_000_000_000 + " s ago");
        for (String leak : leaks) {
            // Verbatim, without our console prefix: this is what the host's triage parses.
            leak.lines().forEach(guest::logVerbatim);
            diagnostics.add(leak.lines().findFirst().orElse(leak));
        }
        ktap.report(TEST_NAME, leaks.isEmpty(), diagnostics);
    }
}
