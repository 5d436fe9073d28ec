package dev.unbindlab.report;

import dev.unbindlab.runner.BootSeries;
import dev.unbindlab.runner.MatrixRun;
import dev.unbindlab.runner.ScenarioResult;
import dev.unbindlab.scenario.GuestContext;
import dev.unbindlab.triage.KernelReport;
import dev.unbindlab.verdict.Verdict;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One scenario × kernel cell as the report shows it: the verdict and what the scenario expected,
 * the first kernel report (kind, title, guilty frame), cycles, times, and where its console is.
 *
 * @param reproducedBoots boots whose verdict was {@code reproduced}, of {@code boots}
 * @param cyclesOk        cycles that ended ok, for scenarios made of cycles
 * @param console         the console log, relative to the report directory (copied there)
 * @param runDirectory    the run directory the cell's files come from
 * @param ktap            the cell's own KTAP file (in a shared boot, one of several in the run directory)
 * @param sharedBootWith  the other scenarios its guest ran, in order (empty when it had the boot to itself)
 */
public record MatrixCell(String scenario, String arch, String variant, String verdict, String expected, boolean asExpected,
                         String explanation, Optional<String> reportKind, Optional<String> reportTitle, Optional<String> guiltyFrame,
                         int boots, int reproducedBoots, Optional<Integer> cyclesOk, Optional<Integer> cyclesPlanned,
                         Optional<Double> bootS, double runS, Optional<String> console, Optional<String> runDirectory,
                         Optional<String> ktap, List<String> sharedBootWith) {

    public MatrixCell {
        sharedBootWith = List.copyOf(sharedBootWith);
    }

    /** {@code arch-variant}, the column the cell sits in. */
    public String kernel() {
        return arch + "-" + variant;
    }

    /** A name without spaces: directory names, KTAP test names. */
    public String id() {
        return scenario + "." + kernel();
    }

    static MatrixCell of(MatrixRun.Outcome outcome, OptionalInt cyclesOverride) {
        var cell = outcome.cell();
        Optional<Integer> planned = cell.scenario().cycles().isPresent()
                ? Optional.of(cyclesOverride.orElse(cell.scenario().cycles().getAsInt())) : Optional.empty();
        String arch = cell.variant().arch().id();
        String expected = cell.scenario().expected(cell.variant().name()).label();
        if (outcome.result().isEmpty()) {
            return new MatrixCell(cell.scenario().name(), arch, cell.variant().name(), Verdict.INFRA_ERROR.label(), expected, false,
                    outcome.error().orElse("no result"), Optional.empty(), Optional.empty(), Optional.empty(), 1, 0, Optional.empty(),
                    planned, Optional.empty(), outcome.took().toMillis() / 1000.0, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
        }
        ScenarioResult r = outcome.result().get();
        Optional<KernelReport> first = r.verdict().reports().stream().findFirst();
        String id = cell.scenario().name() + "." + arch + "-" + cell.variant().name();
        return new MatrixCell(cell.scenario().name(), arch, cell.variant().name(), r.verdict().verdict().label(), expected,
                r.asExpected(), r.verdict().explanation(), first.map(k -> k.kind().name()), first.map(KernelReport::title),
                first.flatMap(KernelReport::guiltyFrame), 1, r.verdict().verdict() == Verdict.REPRODUCED ? 1 : 0,
                planned.map(p -> BootSeries.cyclesOk(r)), planned,
                r.bootSeconds().isPresent() ? Optional.of(r.bootSeconds().getAsDouble()) : Optional.empty(),
                r.run().duration().toMillis() / 1000.0, Optional.of("cells/" + id + "/console.log"), Optional.of(r.runDirectory().toString()),
                Optional.of(r.results().resolve(GuestContext.KTAP_FILE).toString()), r.sharedWith());
    }
}
