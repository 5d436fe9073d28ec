package dev.unbindlab.cli;

import dev.unbindlab.kernel.BuiltKernel;
import dev.unbindlab.kernel.KernelVariant;
import dev.unbindlab.ktap.Ktap;
import dev.unbindlab.runner.ScenarioResult;
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
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest {

    /** The head of a real report from spi-nor-unbind-controller on arm64 vanilla 7.3.4. */
    private static final String VANILLA_CONSOLE = """
            unbindlab-init: up 3.15 s
            [   18.440065][  T150] ==================================================================
            [   18.440065][  T150] BUG: KASAN: slab-use-after-free in cqspi_indirect_read_execute.isra.0+0x4f0/0x568
            [   18.440100][  T150] Read of size 8 at addr ffff000004c2b838 by task reader-1/150
            [   18.440200][  T150] Call trace:
            [   18.440201][  T150]  show_stack+0x20/0x38 (C)
            [   18.440202][  T150]  dump_stack_lvl+0x8c/0xd0
            [   18.440203][  T150]  print_report+0x118/0x5d0
            [   18.440204][  T150]  kasan_report+0xac/0xf8
            [   18.440205][  T150]  cqspi_indirect_read_execute.isra.0+0x4f0/0x568
            [   18.440206][  T150]  cqspi_exec_mem_op+0x1c8/0x5b0
            [   18.440207][  T150]  spi_mem_exec_op+0x3ac/0x7c0
            [   18.440300][  T150] ==================================================================
            """;

    private static ScenarioResult result(String variant, Verdict expected, String console, String ktap) {
        // QEMU's exit status carries the guest's: (status << 1) | 1.
        int guestStatus = ktap.contains("not ok") ? 1 : 0;
        VmRun run = new VmRun(OptionalInt.of(guestStatus << 1 | 1), false, Duration.ofMillis(27_654), Accelerator.TCG, "test",
                Path.of("/runs/" + variant), List.of());
        var reports = Triage.analyze(console);
        var verdict = Judge.judge(run, true, reports, Ktap.parse(ktap));
        BuiltKernel kernel = new BuiltKernel(new KernelVariant(Arch.ARM64, variant, variant.equals("vanilla") ? List.of() : List.of(variant)), "f3233f6aa2ae1c5c36ba",
                Path.of("/k"), Path.of("/k/Image"), Path.of("/k/modules"), "7.3.4", Duration.ZERO, Instant.EPOCH, false);
        return new ScenarioResult("spi-nor-unbind-controller", kernel, Expectation.of(expected), verdict, run, OptionalDouble.of(3.15));
    }

    @Test
    void showsBothVerdictsWithTitleGuiltyFrameAndWhereTheCyclesStopped() {
        ScenarioResult vanilla = result("vanilla", Verdict.REPRODUCED, VANILLA_CONSOLE, """
                KTAP version 1
                1..4
                not ok 1 cycle-1
                ok 2 cycle-2 # SKIP stopped after a kernel report in cycle 1
                ok 3 cycle-3 # SKIP stopped after a kernel report in cycle 1
                ok 4 kmemleak # SKIP stopped after a kernel report in cycle 1
                """);
        ScenarioResult fixed = result("mtdchar-revoke", Verdict.CLEAN, "unbindlab-init: up 2.5 s\n", """
                KTAP version 1
                1..4
                ok 1 cycle-1
                ok 2 cycle-2
                ok 3 cycle-3
                ok 4 kmemleak
                """);
        String table = DemoCommand.sideBySide(List.of(vanilla, fixed));
        List<String> lines = table.lines().toList();
        assertTrue(lines.get(0).matches(" +vanilla +mtdchar-revoke"), table);
        assertTrue(lines.get(1).matches("  verdict +reproduced \\(as expected\\) +clean \\(as expected\\)"), table);
        assertTrue(lines.get(2).contains("KASAN: slab-use-after-free Read in cqspi_indirect_read_execute"), table);
        assertTrue(lines.get(2).endsWith("none"), table);
        assertTrue(lines.get(3).matches("  guilty frame +cqspi_indirect_read_execute +-"), table);
        assertTrue(lines.get(4).matches("  cycles +problem in cycle 1 of 3 \\(0 ok before it\\) +3 of 3 ok"), table);
        assertTrue(lines.get(5).matches("  kmemleak +not scanned \\(stopped after a kernel report in cycle 1\\) +no leaks"), table);
        // Columns line up: the second column starts at the same offset on every row.
        int column = lines.get(0).indexOf("vanilla");
        lines.forEach(l -> assertEquals(' ', l.charAt(column - 1), table));
    }

    @Test
    void aFixThatStillCrashesIsNotAsExpected() {
        ScenarioResult fixed = result("mtdchar-revoke", Verdict.CLEAN, VANILLA_CONSOLE, "KTAP version 1\n1..1\nnot ok 1 cycle-1\n");
        assertTrue(DemoCommand.sideBySide(List.of(fixed)).contains("reproduced (expected clean)"));
    }
}
