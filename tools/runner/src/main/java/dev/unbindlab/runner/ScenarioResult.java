package dev.unbindlab.runner;

import dev.unbindlab.kernel.BuiltKernel;
import dev.unbindlab.verdict.RunVerdict;
import dev.unbindlab.verdict.Expectation;
import dev.unbindlab.vm.VmRun;

import java.nio.file.Path;
import java.util.OptionalDouble;

/**
 * One scenario × kernel cell, run once.
 *
 * @param bootSeconds guest uptime when its init started (from the console), if it got that far
 */
public record ScenarioResult(String scenario, BuiltKernel kernel, Expectation expected, RunVerdict verdict, VmRun run,
                             OptionalDouble bootSeconds) {

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
