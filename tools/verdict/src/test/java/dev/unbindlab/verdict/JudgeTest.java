package dev.unbindlab.verdict;

import dev.unbindlab.ktap.Ktap;
import dev.unbindlab.ktap.KtapDocument;
import dev.unbindlab.triage.KernelReport;
import dev.unbindlab.triage.Triage;
import dev.unbindlab.vm.Accelerator;
import dev.unbindlab.vm.VmRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JudgeTest {

    private static final String KTAP_CLEAN = "KTAP version 1\n1..3\nok 1 cycle-1\nok 2 cycle-2\nok 3 cycle-3\n";
    private static final List<KernelReport> REPORT = Triage.analyze(String.join("\n",
            "BUG: KASAN: slab-use-after-free in mtdchar_read+0x1d8/0x3a0",
            "Read of size 8 at addr ffff888004f1c2a8 by task java/123",
            "Call Trace:",
            " <TASK>",
            " mtdchar_read+0x1d8/0x3a0",
            " vfs_read+0x10/0x20",
            " </TASK>",
            "=================================================================="));

    private static VmRun exited(int status, String... lastLines) {
        return new VmRun(OptionalInt.of(status), false, Duration.ofSeconds(20), Accelerator.TCG, "test", Path.of("/r"),
                List.of(lastLines));
    }

    private static VmRun hung() {
        return new VmRun(OptionalInt.empty(), true, Duration.ofSeconds(300), Accelerator.TCG, "test", Path.of("/r"),
                List.of("[  299.0] reader 2: read 65536 bytes"));
    }

    @Test
    void kernelReportWinsEvenOverAHang() {
        RunVerdict v = Judge.judge(hung(), REPORT, Ktap.parse(""));
        assertEquals(Verdict.REPRODUCED, v.verdict());
        assertEquals("KASAN: slab-use-after-free Read in mtdchar_read (console line 1)", v.explanation());
    }

    @Test
    void hangWithoutReportNamesTheLastConsoleLine() {
        RunVerdict v = Judge.judge(hung(), List.of(), Ktap.parse(""));
        assertEquals(Verdict.HANG, v.verdict());
        assertTrue(v.explanation().endsWith("reader 2: read 65536 bytes"), v.explanation());
    }

    @Test
    void allChecksPassedIsCleanWithCycles() {
        RunVerdict v = Judge.judge(exited(1), List.of(), Ktap.parse(KTAP_CLEAN));
        assertEquals(Verdict.CLEAN, v.verdict());
        assertEquals(3, v.passed());
    }

    @Test
    void harnessFailuresAreNeverKernelResults() {
        assertEquals(Verdict.INFRA_ERROR, Judge.judge(exited(0), List.of(), Ktap.parse(KTAP_CLEAN)).verdict(),
                "QEMU exit 0: not through isa-debug-exit");
        assertEquals(Verdict.INFRA_ERROR, Judge.judge(exited(5), List.of(), Ktap.parse(KTAP_CLEAN)).verdict(),
                "guest init wrote 2");
        RunVerdict cut = Judge.judge(exited(1), List.of(), Ktap.parse("KTAP version 1\n1..3\nok 1 cycle-1\n"));
        assertEquals(Verdict.INFRA_ERROR, cut.verdict());
        assertEquals("the guest's KTAP ended after 1 of 3 planned tests", cut.explanation());
    }

    @Test
    void failedCheckWithoutReportIsFail() {
        KtapDocument ktap = Ktap.parse("KTAP version 1\n1..2\nok 1 info\nnot ok 2 nanddump-agrees\n");
        RunVerdict v = Judge.judge(exited(1), List.of(), ktap);
        assertEquals(Verdict.FAIL, v.verdict());
        assertEquals("failed checks: nanddump-agrees", v.explanation());
    }

    @Test
    void theScenarioSaysFailedChecksThroughItsExitCodeAndKtap() {
        KtapDocument ktap = Ktap.parse("KTAP version 1\n1..2\nok 1 info\nnot ok 2 nanddump-agrees\n");
        assertEquals(Verdict.FAIL, Judge.judge(exited(3), List.of(), ktap).verdict(), "guest exit 1 with a failed check");
        RunVerdict inconsistent = Judge.judge(exited(3), List.of(), Ktap.parse(KTAP_CLEAN));
        assertEquals(Verdict.INFRA_ERROR, inconsistent.verdict(), "guest exit 1 but every check passed");
    }

    @Test
    void theGuestInitsTimeLimitIsAHang() {
        RunVerdict v = Judge.judge(exited((Judge.GUEST_TIMEOUT << 1) | 1), List.of(), Ktap.parse("KTAP version 1\n1..3\n"));
        assertEquals(Verdict.HANG, v.verdict());
    }

    @Test
    void aPanicBeforeInitIsTheHarnessButAnOopsBeforeInitIsTheKernel() {
        List<KernelReport> noInit = Triage.analyze("[    2.1] Kernel panic - not syncing: Requested init /x/init.sh failed (error -2).\n");
        RunVerdict harness = Judge.judge(exited(0), false, noInit, Ktap.parse(""));
        assertEquals(Verdict.INFRA_ERROR, harness.verdict());
        assertTrue(harness.explanation().startsWith("the guest never reached its init: "), harness.explanation());
        assertEquals(Verdict.REPRODUCED, Judge.judge(exited(0), false, REPORT, Ktap.parse("")).verdict());
    }
}
