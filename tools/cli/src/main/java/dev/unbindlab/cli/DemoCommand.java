package dev.unbindlab.cli;

import dev.unbindlab.kernel.KernelVariant;
import dev.unbindlab.runner.BootSeries;
import dev.unbindlab.runner.ScenarioResult;
import dev.unbindlab.runner.ScenarioRunner;
import dev.unbindlab.scenario.LeakCheck;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.Scenarios;
import dev.unbindlab.triage.KernelReport;
import dev.unbindlab.vm.Arch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * The project in one command: the same scenario on the kernel that has the bug and on the one
 * with the fix, each in a fresh guest, verdicts side by side.
 */
@Command(name = "demo", description = {
        "Reproduce the spi-nor unbind-while-reading crash on vanilla Linux and show it gone with the mtdchar-revoke fix:",
        "builds both arm64 kernels if the cache lacks them, boots each in QEMU (xlnx-versal-virt, Cadence QSPI + n25q128),",
        "runs the scenario and prints the two verdicts side by side with the triaged titles and guilty frames.",
        "Exit 0: both verdicts as expected (baseline reproduces, fix clean); 1: not; 2: bad input or an infrastructure error."})
final class DemoCommand implements Callable<Integer> {

    private final VmCommand.Lab lab = new VmCommand.Lab();
    @Spec CommandSpec spec;
    @Option(names = "--scenario", paramLabel = "NAME", defaultValue = "spi-nor-unbind-controller",
            description = "scenario (default: ${DEFAULT-VALUE}, the seed's cat loop while cadence-qspi is unbound)")
    String scenario;
    @Option(names = "--arch", converter = VmCommand.ArchConverter.class, defaultValue = "arm64",
            description = "architecture (default: ${DEFAULT-VALUE})") Arch arch;
    @Option(names = "--baseline", paramLabel = "VARIANT", defaultValue = "vanilla",
            description = "kernel with the bug (default: ${DEFAULT-VALUE})") String baseline;
    @Option(names = "--fixed", paramLabel = "VARIANT", defaultValue = "mtdchar-revoke",
            description = "kernel with the fix (default: ${DEFAULT-VALUE})") String fixed;
    @Option(names = "--cycles", paramLabel = "N", description = "cycles to plan instead of the scenario's own number") Integer cycles;

    @Override
    public Integer call() throws Exception {
        Scenario chosen = Scenarios.byName(scenario);
        KernelVariant before = lab.variant(arch, baseline);
        KernelVariant after = lab.variant(arch, fixed);
        if (!chosen.arches().contains(arch)) {
            throw new UserError("scenario " + chosen.name() + " runs on " + chosen.arches() + ", not " + arch);
        }
        OptionalInt plannedCycles = cycles == null ? OptionalInt.empty() : OptionalInt.of(cycles);
        ScenarioRunner.checkCycles(chosen, plannedCycles);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<ScenarioResult> results = new ArrayList<>();
        try (BuildProgress progress = new BuildProgress(err)) {
            ScenarioRunner runner = lab.runner(progress);
            for (KernelVariant variant : List.of(before, after)) {
                err.println("unbindlab: " + chosen.name() + " on " + variant.id() + " (expect " + chosen.expected(variant.name()).label() + ")...");
                err.flush();
                results.add(runner.run(chosen, variant, runner.newRunDirectory(chosen, variant), plannedCycles));
            }
        }
        out.println(chosen.name() + ": " + chosen.summary());
        out.print(sideBySide(results));
        out.flush();
        return VmCommand.Lab.exitCode(results);
    }

    static String sideBySide(List<ScenarioResult> results) {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("", results, r -> r.kernel().variant().name()));
        rows.add(row("verdict", results, r -> r.verdict().verdict().label()
                + (r.asExpected() ? " (as expected)" : " (expected " + r.expected().label() + ")")));
        rows.add(row("report", results, r -> firstReport(r).map(KernelReport::title).orElse("none")));
        rows.add(row("guilty frame", results, r -> firstReport(r).flatMap(KernelReport::guiltyFrame).orElse("-")));
        rows.add(row("cycles", results, DemoCommand::cycles));
        rows.add(row("kmemleak", results, r -> r.verdict().ktap().tests().stream()
                .filter(t -> t.name().equals(LeakCheck.TEST_NAME)).findFirst()
                .map(t -> t.skipped() ? "not scanned (" + t.reason().orElse("skipped") + ")" : t.ok() ? "no leaks" : "LEAKS: " + String.join("; ", t.diagnostics()))
                .orElse("-")));
        rows.add(row("boot, run", results, r -> (r.bootSeconds().isPresent()
                ? String.format(Locale.ROOT, "%.1f s", r.bootSeconds().getAsDouble()) : "?")
                + String.format(Locale.ROOT, ", %.1f s (%s)", r.run().duration().toMillis() / 1000.0, r.run().accelerator().qemuName())));
        rows.add(row("kernel", results, r -> r.kernel().release() + " key " + r.kernel().key().substring(0, 16)));
        rows.add(row("run directory", results, r -> r.runDirectory().toString()));
        return format(rows);
    }

    private static Optional<KernelReport> firstReport(ScenarioResult r) {
        return r.verdict().reports().stream().findFirst();
    }

    /** "50 of 50 ok", or where the first problem came: "problem in cycle 1 of 50 (0 ok before it)". */
    static String cycles(ScenarioResult r) {
        long planned = r.verdict().ktap().tests().stream().filter(t -> t.name().startsWith("cycle-")).count();
        if (planned == 0) {
            return "-";
        }
        int ok = BootSeries.cyclesOk(r);
        OptionalInt problem = BootSeries.firstProblemCycle(r);
        return problem.isPresent() ? "problem in cycle " + problem.getAsInt() + " of " + planned + " (" + ok + " ok before it)"
                : ok + " of " + planned + " ok";
    }

    private static String[] row(String label, List<ScenarioResult> results, java.util.function.Function<ScenarioResult, String> cell) {
        String[] row = new String[results.size() + 1];
        row[0] = label;
        for (int i = 0; i < results.size(); i++) {
            row[i + 1] = cell.apply(results.get(i));
        }
        return row;
    }

    private static String format(List<String[]> rows) {
        int columns = rows.getFirst().length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < columns; c++) {
                line.append(row[c]).append(" ".repeat(c == columns - 1 ? 0 : width[c] - row[c].length() + 3));
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        return text.toString();
    }
}
