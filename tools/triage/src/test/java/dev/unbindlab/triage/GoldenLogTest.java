package dev.unbindlab.triage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real console logs of our own 7.3.4 KASAN guests (see resources/golden/README.md). */
class GoldenLogTest {

    private static List<KernelReport> triage(String name) {
        return Triage.analyze(Logs.resource("golden/x86_64/" + name + ".log"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            lkdtm-read-after-free       | KASAN          | KASAN: slab-use-after-free Read in lkdtm_READ_AFTER_FREE   | lkdtm_READ_AFTER_FREE
            lkdtm-write-after-free      | KASAN          | KASAN: slab-use-after-free Write in lkdtm_WRITE_AFTER_FREE | lkdtm_WRITE_AFTER_FREE
            lkdtm-slab-free-double      | KASAN          | KASAN: double-free in lkdtm_do_action                      | lkdtm_do_action
            lkdtm-access-null           | GPF            | general protection fault in lkdtm_ACCESS_NULL              | lkdtm_ACCESS_NULL
            lkdtm-exception             | GPF            | general protection fault in lkdtm_EXCEPTION                | lkdtm_EXCEPTION
            lkdtm-bug                   | BUG            | kernel BUG in lkdtm_BUG                                    | lkdtm_BUG
            lkdtm-warning               | WARNING        | WARNING in lkdtm_WARNING                                   | lkdtm_WARNING
            lkdtm-refcount-inc-overflow | REFCOUNT       | refcount_t: saturated; leaking memory in lkdtm_REFCOUNT_INC_OVERFLOW | lkdtm_REFCOUNT_INC_OVERFLOW
            lkdtm-refcount-inc-zero     | REFCOUNT       | refcount_t: addition on 0; use-after-free in lkdtm_REFCOUNT_INC_ZERO | lkdtm_REFCOUNT_INC_ZERO
            """)
    void oneReportClassified(String log, ReportKind kind, String title, String guilty) {
        List<KernelReport> reports = triage(log);
        assertEquals(1, reports.size(), () -> reports.toString());
        KernelReport r = reports.getFirst();
        assertEquals(kind, r.kind());
        assertEquals(title, r.title());
        assertEquals(Optional.of(guilty), r.guiltyFrame());
        assertFalse(r.truncated(), "each report ends with its end marker");
    }

    @Test
    void kasanUseAfterFreeCarriesAccessAndBothStacks() {
        KernelReport r = triage("lkdtm-read-after-free").getFirst();
        assertEquals(Optional.of("Read"), r.access());
        assertEquals(Optional.of(4), r.accessSize());
        assertTrue(r.allocatedBy().contains("__kasan_kmalloc"), r.allocatedBy().toString());
        assertEquals("lkdtm_READ_AFTER_FREE", r.allocatedBy().get(r.allocatedBy().indexOf("__kasan_kmalloc") + 1));
        assertTrue(r.freedBy().containsAll(List.of("kfree", "lkdtm_READ_AFTER_FREE")), r.freedBy().toString());
    }

    @Test
    void newOneLineWarningFormatOf73IsParsed() {
        KernelReport r = triage("lkdtm-warning").getFirst();
        assertTrue(r.lines().getFirst().startsWith("WARNING: drivers/misc/lkdtm/bugs.c:"), r.lines().getFirst());
    }

    @Test
    void kmemleakReportsEveryLeakedObject() {
        List<KernelReport> reports = triage("kmemleak");
        assertEquals(3, reports.size());
        reports.forEach(r -> {
            assertEquals(ReportKind.KMEMLEAK, r.kind());
            assertEquals("memory leak in unbindlab_leak_alloc", r.title());
            assertTrue(r.lines().getFirst().contains("(size 256)"), r.lines().getFirst());
        });
    }

    @Test
    void cleanRunHasNoReport() {
        assertEquals(List.of(), triage("clean-mtdram"));
    }
}
