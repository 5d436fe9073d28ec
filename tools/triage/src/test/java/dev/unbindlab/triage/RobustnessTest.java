package dev.unbindlab.triage;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same real report under what consoles do to it: time stamps, caller ids, interleaving with
 * another CPU and with user space, truncation, binary garbage.
 */
class RobustnessTest {

    private static final String SEED = Logs.resource("seed/spi-nor-device-unbind-6.14.log");
    private static final String TITLE = "Unable to handle kernel paging request in spi_mem_exec_op";

    private static List<String> seedLines() {
        return SEED.lines().toList();
    }

    @Test
    void timeStampsAndCallerIdsAreStripped() {
        StringBuilder log = new StringBuilder();
        double t = 61.5;
        for (String line : seedLines()) {
            log.append(String.format("<4>[%12.6f][  T459] %s%n", t += 0.000123, line));
        }
        List<KernelReport> reports = Triage.analyze(log.toString());
        assertEquals(1, reports.size());
        assertEquals(TITLE, reports.getFirst().title());
        assertEquals("spi_mem_exec_op", reports.getFirst().callTrace().getFirst());
    }

    @Test
    void interleavedReportsFromTwoCallersStayApart() {
        List<String> a = seedLines();
        List<String> b = Logs.resource("seed/spi-nor-controller-unbind-6.14.log").lines().toList();
        List<String> mixed = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) {
                mixed.add("[   10.000000][  T459] " + a.get(i));
            }
            if (i < b.size()) {
                mixed.add("[   10.000000][  T466] " + b.get(i));
            }
            mixed.add("java reader 3: read 65536 bytes"); // user space on the same console
        }
        List<KernelReport> reports = Triage.analyze(String.join("\n", mixed));
        assertEquals(List.of(TITLE, "Internal error: synchronous external abort in cqspi_indirect_read_execute"),
                reports.stream().map(KernelReport::title).toList());
        assertEquals(Triage.analyze(SEED).getFirst().callTrace(), reports.get(0).callTrace(), "no frame lost or borrowed");
        assertEquals(18, reports.get(0).callTrace().size());
    }

    @Test
    void userSpaceWarningsOnTheConsoleAreNotKernelReports() {
        String log = """
                [   12.000000][    T1] Run /init as init process
                WARNING: A terminally deprecated method in sun.misc.Unsafe has been called
                WARNING: sun.misc.Unsafe::objectFieldOffset has been called by org.openjdk.jmh.util.Utils
                WARNING: Please consider reporting this to the maintainers of class org.openjdk.jmh.util.Utils
                [   13.000000][  T201] ======================================================
                [   13.000000][  T201] WARNING: possible circular locking dependency detected
                [   13.000000][  T201] 7.3.4 #1 Not tainted
                [   14.000000][  T202] ------------[ cut here ]------------
                [   14.000000][  T202] WARNING: kernel/foo.c:10 at bar+0x1/0x2, CPU#0: sh/202
                """;
        List<KernelReport> reports = Triage.analyze(log);
        assertEquals(List.of("WARNING: possible circular locking dependency detected", "WARNING in bar"),
                reports.stream().map(KernelReport::title).toList());
    }

    @Test
    void truncatedLogStillYieldsTheReportMarkedTruncated() {
        List<String> lines = seedLines();
        String cut = String.join("\n", lines.subList(0, 8));
        List<KernelReport> reports = Triage.analyze(cut);
        assertEquals(1, reports.size());
        assertTrue(reports.getFirst().truncated());
        assertEquals(TITLE, reports.getFirst().title());
    }

    @Test
    void reportStartWithoutAnythingElseDoesNotThrow() {
        List<KernelReport> reports = Triage.analyze("BUG: KASAN: slab-use-after-free in mtdchar_read+0x1d8/0x3a0");
        assertEquals(1, reports.size());
        assertEquals("KASAN: slab-use-after-free in mtdchar_read", reports.getFirst().title());
    }

    @Test
    void garbageEmptyAndNullAreQuietlyEmpty() {
        assertTrue(Triage.analyze((String) null).isEmpty());
        assertTrue(Triage.analyze("").isEmpty());
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            byte[] junk = new byte[random.nextInt(4096)];
            random.nextBytes(junk);
            String text = new String(junk, java.nio.charset.StandardCharsets.ISO_8859_1);
            Triage.analyze(text); // must not throw
        }
    }

    @Test
    void randomCutsOfARealReportNeverThrow() {
        String log = SEED;
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            int from = random.nextInt(log.length());
            int to = from + random.nextInt(log.length() - from + 1);
            List<KernelReport> reports = Triage.analyze(log.substring(from, to));
            reports.forEach(r -> assertTrue(!r.title().isBlank()));
        }
    }

    @Test
    void cleanBootLogHasNoReports() {
        String boot = String.join("\n",
                "[    0.000000] Linux version 7.3.4 (unbindlab@host) #1 SMP PREEMPT",
                "[    1.234567] mtd: device 0 (mtdram test device) set to be root filesystem",
                "[    2.000000] BUG-free line mentioning WARNING in the middle is not a report",
                "[    3.000000] Run /init as init process");
        assertTrue(Triage.analyze(boot).isEmpty());
    }
}
