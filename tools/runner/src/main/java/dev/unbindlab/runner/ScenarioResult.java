package dev.unbindlab.runner;

import dev.unbindlab.kernel.BuiltKernel;
import dev.unbindlab.verdict.RunVerdict;
import dev.unbindlab.verdict.Expectation;
import dev.unbindlab.vm.VmRun;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;

/**
 * One scenario × kernel cell, run once.
 *
 * @param run         the boot as the scenario saw it: in a shared boot, ending with the scenario's own exit status
 * @param bootSeconds guest uptime when its init started (from the console), if it got that far
 * @param results     where the scenario's KTAP and files are (in the run directory's results share)
 * @param sharedWith  the other scenarios of its boot, in order (empty when it had the boot to itself)
 */
public record ScenarioResult(String scenario, BuiltKernel kernel, Expectation expected, RunVerdict verdict, VmRun run,
                             OptionalDouble bootSeconds, Path results, List<String> sharedWith) {

    public ScenarioResult {
        sharedWith = List.copyOf(sharedWith);
    }

    /** A scenario that had its boot to itself, its results at the top of the results share. */
    public ScenarioResult(String scenario, BuiltKernel kernel, Expectation expected, RunVerdict verdict, VmRun run,
                          OptionalDouble bootSeconds) {
        this(scenario, kernel, expected, verdict, run, bootSeconds, run.runDirectory().resolve(ScenarioRunner.GUEST_RESULTS), List.of());
    }

    /** The verdict is one the scenario expects on this kernel variant. */
    public boolean asExpected() {
        return expected.accepts(verdict);
    }

    public Path runDirectory() {
        return run.runDirectory();
    }

    /** {@code mtd-conformance × x86_64-vanilla}: the cell's name in reports and test names. */
    public String cell() {
        return scenario + " × " + kernel.variant().id();
    }
}
