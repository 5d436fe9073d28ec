package dev.unbindlab.verdict;

import dev.unbindlab.ktap.Ktap;
import dev.unbindlab.triage.KernelReport;
import dev.unbindlab.triage.ReportKind;
import dev.unbindlab.triage.Triage;
import org.junit.jupiter.api.Test;

import java.util.List;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectationTest {

    @Test
    void oneVerdictAcceptsOnlyItself() {
        Expectation clean = Expectation.of(Verdict.CLEAN);
        assertTrue(clean.accepts(Verdict.CLEAN));
        assertFalse(clean.accepts(Verdict.REPRODUCED));
        assertEquals("clean", clean.label());
    }

    @Test
    void aRaceAcceptsBothOutcomesButNothingElse() {
        Expectation racy = Expectation.racy();
        assertTrue(racy.accepts(Verdict.CLEAN));
        assertTrue(racy.accepts(Verdict.REPRODUCED));
        for (Verdict other : Set.of(Verdict.HANG, Verdict.FAIL, Verdict.INFRA_ERROR)) {
            assertFalse(racy.accepts(other), other.label());
        }
        assertEquals("reproduced or clean", racy.label());
    }

    @Test
    void anEmptyExpectationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Expectation(Set.of()));
    }

    private static RunVerdict reproduced(String... console) {
        List<KernelReport> reports = Triage.analyze(String.join("\n", console));
        return new RunVerdict(Verdict.REPRODUCED, "test", reports, Ktap.parse(""), 0);
    }

    @Test
    void reportKindNarrowsReproduced() {
        Expectation leak = Expectation.reproduced(ReportKind.KMEMLEAK);
        RunVerdict leaked = reproduced(
                "unreferenced object 0xffff888003a1c000 (size 256):",
                "  comm \"modprobe\", pid 212, jiffies 4294901234",
                "  backtrace (crc 0):",
                "    kmemleak_alloc+0x4a/0x80",
                "    __kmalloc_cache_noprof+0x1c0/0x2d0",
                "    init_srcu_struct_fields+0x2c/0x5a0",
                "    nvmem_register+0x150/0x900");
        RunVerdict useAfterFree = reproduced(
                "BUG: KASAN: slab-use-after-free in at24_read+0x1d8/0x3a0",
                "Read of size 8 at addr ffff888004f1c2a8 by task java/123",
                "Call Trace:",
                " <TASK>",
                " at24_read+0x1d8/0x3a0",
                " </TASK>",
                "==================================================================");
        assertEquals(ReportKind.KMEMLEAK, leaked.reports().getFirst().kind());
        assertTrue(leak.accepts(leaked));
        assertFalse(leak.accepts(useAfterFree));
        assertTrue(Expectation.of(Verdict.REPRODUCED).accepts(useAfterFree));
        assertFalse(leak.accepts(new RunVerdict(Verdict.CLEAN, "test", List.of(), Ktap.parse(""), 0)));
        assertEquals("reproduced (first report: kmemleak)", leak.label());
        assertThrows(IllegalArgumentException.class,
                () -> new Expectation(Set.of(Verdict.CLEAN), Set.of(ReportKind.KASAN), java.util.Optional.empty()));
    }

    @Test
    void frameNarrowsReproducedToWhereTheReportPoints() {
        Expectation srcu = Expectation.reproduced(ReportKind.KMEMLEAK, ReportKind.KASAN).inFrames("init_srcu_struct_fields|srcu_\\w+|process_srcu");
        RunVerdict inSrcuWork = reproduced(
                "BUG: KASAN: slab-use-after-free in srcu_reschedule+0x19e/0x1e0",
                "Read of size 8 at addr ffff88800551d1f8 by task kworker/1:0/22",
                "Call Trace:",
                " <TASK>",
                " srcu_reschedule+0x19e/0x1e0",
                " process_one_work+0x63a/0xd40",
                " </TASK>",
                "==================================================================");
        RunVerdict inDriver = reproduced(
                "BUG: KASAN: slab-use-after-free in at24_read+0x1d8/0x3a0",
                "Read of size 8 at addr ffff888004f1c2a8 by task java/123",
                "Call Trace:",
                " <TASK>",
                " at24_read+0x1d8/0x3a0",
                " </TASK>",
                "==================================================================");
        assertTrue(srcu.accepts(inSrcuWork));
        assertFalse(srcu.accepts(inDriver));
        assertTrue(srcu.label().endsWith("(first report: kasan or kmemleak in init_srcu_struct_fields|srcu_\\w+|process_srcu)"), srcu.label());
        assertThrows(java.util.regex.PatternSyntaxException.class, () -> Expectation.of(Verdict.REPRODUCED).inFrames("("));
    }
}
