package dev.unbindlab.runner;

import dev.unbindlab.kernel.BuiltKernel;
import dev.unbindlab.kernel.KernelVariant;
import dev.unbindlab.ktap.Ktap;
import dev.unbindlab.triage.Triage;
import dev.unbindlab.verdict.Expectation;
import dev.unbindlab.verdict.Judge;
import dev.unbindlab.verdict.Verdict;
import dev.unbindlab.vm.Accelerator;
import dev.unbindlab.vm.Arch;
import dev.unbindlab.vm.VmRun;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootSeriesTest {

    private static String kasan(String function) {
        return """
                [   18.440065][  T150] BUG: KASAN: slab-use-after-free in %s+0x4f0/0x568
                [   18.440100][  T150] Read of size 8 at addr ffff000004c2b838 by task reader-1/150
                [   18.440200][  T150] Call trace:
                [   18.440203][  T150]  print_report+0x118/0x5d0
                [   18.440204][  T150]  kasan_report+0xac/0xf8
                [   18.440205][  T150]  %s+0x4f0/0x568
                [   18.440207][  T150]  spi_mem_exec_op+0x3ac/0x7c0
                """.formatted(function, function);
    }

    /** A boot whose KTAP has {@code cycles} cycles, the first {@code okCycles} ok and the next one failed (if any left). */
    private static ScenarioResult boot(String console, int cycles, int okCycles, double bootSeconds, long runMillis) {
        StringBuilder ktap = new StringBuilder("KTAP version 1\n1.." + cycles + "\n");
        for (int c = 1; c <= cycles; c++) {
            ktap.append(c <= okCycles ? "ok " : c == okCycles + 1 ? "not ok " : "ok ").append(c).append(" cycle-").append(c)
                    .append(c > okCycles + 1 ? " # SKIP stopped" : "").append('\n');
        }
        boolean failed = okCycles < cycles;
        VmRun run = new VmRun(OptionalInt.of((failed ? 1 : 0) << 1 | 1), false, Duration.ofMillis(runMillis), Accelerator.TCG, "test",
                Path.of("/runs/x"), List.of());
        var verdict = Judge.judge(run, true, Triage.analyze(console), Ktap.parse(ktap.toString()));
        BuiltKernel kernel = new BuiltKernel(new KernelVariant(Arch.ARM64, "vanilla", List.of()), "k", Path.of("/k"),
                Path.of("/k/Image"), Path.of("/k/modules"), "7.3.4", Duration.ZERO, Instant.EPOCH, false);
        return new ScenarioResult("spi-nor-unbind-device", kernel, Expectation.of(Verdict.REPRODUCED), verdict, run, OptionalDouble.of(bootSeconds));
    }

    @Test
    void countsVerdictsTitlesAndTheCycleOfTheFirstProblem() {
        BootSeries series = new BootSeries("spi-nor-unbind-device × arm64-vanilla", List.of(
                boot(kasan("spi_mem_exec_op"), 5, 0, 2.5, 20_000),
                boot(kasan("spi_mem_exec_op"), 5, 2, 2.7, 30_000),
                boot(kasan("mtdchar_read"), 5, 0, 3.1, 22_000),
                boot("", 5, 5, 2.6, 60_000)));
        assertEquals(Map.of(Verdict.REPRODUCED, 3, Verdict.CLEAN, 1), series.verdicts());
        assertEquals(3, series.asExpected());
        var reports = series.firstReports().entrySet().stream().toList();
        assertEquals("KASAN: slab-use-after-free Read in spi_mem_exec_op | spi_mem_exec_op", reports.get(0).getKey());
        assertEquals(2, reports.get(0).getValue());
        assertEquals(Map.of(1, 2, 3, 1), series.firstProblemCycles());
        assertEquals(2.65, series.medianBootSeconds().orElseThrow(), 1e-9);
        assertEquals(26.0, series.medianRunSeconds().orElseThrow(), 1e-9);

        List<String> lines = series.describe();
        assertTrue(lines.get(1).startsWith("boot 2/4: reproduced: KASAN: slab-use-after-free Read in spi_mem_exec_op"
                + " | spi_mem_exec_op (cycle 3), 30.0 s"), lines.get(1));
        assertEquals("boot 4/4: clean, 5 cycles ok, 60.0 s", lines.get(3));
        assertEquals("boot 4/10: clean, 5 cycles ok, 60.0 s", BootSeries.describeBoot(series.boots().get(3), 4, 10));
        assertEquals("spi-nor-unbind-device × arm64-vanilla: reproduced 3/4 (75%) clean 1/4 (25%); as expected 3/4", lines.get(4));
    }

    @Test
    void anEmptySeriesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new BootSeries("x", List.of()));
    }
}
