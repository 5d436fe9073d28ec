package dev.unbindlab.scenario.unbind;

import dev.unbindlab.ktap.Ktap;
import dev.unbindlab.ktap.KtapDocument;
import dev.unbindlab.ktap.KtapStream;
import dev.unbindlab.ktap.KtapTest;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CycleBookTest {

    private final StringWriter out = new StringWriter();
    private final List<String> echoed = new ArrayList<>();

    private CycleBook book(int plan) {
        return new CycleBook(new KtapStream(out, plan, echoed::add), plan);
    }

    @Test
    void cyclesLeaveRoomForResultsAfterThem() {
        KtapStream ktap = new KtapStream(out, 3, echoed::add);
        CycleBook book = new CycleBook(ktap, 2);
        book.record(true, List.of());
        book.stop(CycleBook.afterFailure(1, "spi0.0 did not come back"));
        ktap.skip("kmemleak", "stopped");
        assertEquals(3, ktap.results().size());
        assertThrows(IllegalArgumentException.class, () -> new CycleBook(new KtapStream(new StringWriter(), 1, l -> { }), 2));
    }

    @Test
    void stopAfterAKernelReportSkipsTheRestAndTheDocumentIsComplete() {
        CycleBook book = book(5);
        book.record(true, List.of("unbind took 12 ms"));
        assertEquals(2, book.nextCycle());
        book.record(false, List.of("kernel report: BUG: KASAN: slab-use-after-free in spi_mem_exec_op"));
        book.stop(CycleBook.afterKernelReport(2));
        assertFalse(book.hasNext());

        KtapDocument doc = Ktap.parse(out.toString());
        assertTrue(doc.complete(), out.toString());
        List<KtapTest> tests = doc.tests();
        assertEquals(List.of("cycle-1", "cycle-2", "cycle-3", "cycle-4", "cycle-5"), tests.stream().map(KtapTest::name).toList());
        assertTrue(tests.get(0).ok());
        assertTrue(tests.get(1).failed());
        for (KtapTest skipped : tests.subList(2, 5)) {
            assertTrue(skipped.skipped());
            assertEquals("stopped after a kernel report in cycle 2", skipped.reason().orElseThrow());
        }
        assertTrue(out.toString().contains("ok 3 cycle-3 # SKIP stopped after a kernel report in cycle 2\n"), out.toString());
        assertEquals(echoed, out.toString().lines().toList(), "every line also goes to the console");
    }

    @Test
    void aTimeBoundedRunRecordsOnlyTheCyclesItRan() {
        KtapStream ktap = new KtapStream(out, 1_000_001, echoed::add);
        CycleBook book = new CycleBook(ktap, 1_000_000, false);
        book.record(true, List.of());
        book.record(false, List.of("kernel report"));
        book.stop(CycleBook.afterKernelReport(2));
        assertFalse(book.hasNext());
        assertEquals(2, book.recordedCycles());
        assertEquals(List.of("cycle-1", "cycle-2"), ktap.results().stream().map(KtapTest::name).toList());
        assertTrue(CycleBook.isCycle("cycle-2"));
        assertFalse(CycleBook.isCycle("kmemleak"));
    }

    @Test
    void aFullRunHasNoSkipsAndRefusesAnExtraCycle() {
        CycleBook book = book(2);
        book.record(true, List.of());
        book.record(true, List.of());
        assertFalse(book.hasNext());
        book.stop("nothing left"); // nothing to skip
        assertEquals(2, Ktap.parse(out.toString()).tests().size());
        assertThrows(IllegalStateException.class, () -> book.record(true, List.of()));
    }

    @Test
    void eachLineIsWrittenWhenTheCycleIsRecordedNotAtTheEnd() {
        CycleBook book = book(50);
        book.record(false, List.of("reader-2 still in read at 0x20000 15 s after the unbind"));
        // What the host has if the JVM dies now: the header and cycle 1, nothing buffered.
        assertEquals(List.of("KTAP version 1", "1..50", "# reader-2 still in read at 0x20000 15 s after the unbind",
                "not ok 1 cycle-1"), out.toString().lines().toList());
    }

    @Test
    void stopAfterAFailureNamesIt() {
        CycleBook book = book(3);
        book.record(false, List.of());
        book.stop(CycleBook.afterFailure(1, "f1010000.spi.0 did not come back within 15 s after the bind"));
        assertEquals("stopped after cycle 1: f1010000.spi.0 did not come back within 15 s after the bind",
                Ktap.parse(out.toString()).tests().get(2).reason().orElseThrow());
    }
}
