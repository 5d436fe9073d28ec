package dev.unbindlab.stress;

import dev.unbindlab.ktap.Ktap;
import dev.unbindlab.ktap.KtapDocument;
import dev.unbindlab.ktap.KtapTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CycleGroupsTest {

    private static List<KtapTest> run() {
        return List.of(
                KtapTest.passed(1, "cycle-1", List.of("unbind took 12 ms")),
                KtapTest.passed(2, "cycle-2", List.of()),
                KtapTest.failed(3, "cycle-3", List.of("kernel report: BUG: KASAN: slab-use-after-free in spi_mem_exec_op")),
                KtapTest.skipped(4, "cycle-4", "stopped after a kernel report in cycle 3"),
                KtapTest.skipped(5, "cycle-5", "stopped after a kernel report in cycle 3"),
                KtapTest.skipped(6, "kmemleak", "stopped after a kernel report in cycle 3"));
    }

    @Test
    void groupsCyclesAsSubtestsAndKeepsTheRestTopLevel() {
        List<KtapTest> groups = CycleGroups.group(run(), 2);
        assertEquals(List.of("cycles-1-2", "cycles-3-4", "cycles-5-5", "kmemleak"), groups.stream().map(KtapTest::name).toList());
        assertTrue(groups.get(0).ok());
        assertFalse(groups.get(1).ok(), "a group with a failed cycle fails");
        assertTrue(groups.get(2).skipped(), "a group of skipped cycles is skipped");
        assertEquals(List.of(1, 2, 3, 4), groups.stream().map(KtapTest::number).toList());
        assertEquals(List.of(1, 2), groups.get(1).subtests().stream().map(KtapTest::number).toList());

        // What kselftest/LAVA parsers get back: the same structure.
        KtapDocument parsed = Ktap.parse(Ktap.write(groups));
        assertEquals(4, parsed.tests().size());
        assertEquals("cycle-3", parsed.tests().get(1).subtests().getFirst().name());
        assertFalse(parsed.tests().get(1).subtests().getFirst().ok());
    }

    @Test
    void refusesEmptyGroups() {
        assertThrows(IllegalArgumentException.class, () -> CycleGroups.group(run(), 0));
    }
}
