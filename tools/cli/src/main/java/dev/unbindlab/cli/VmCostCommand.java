package dev.unbindlab.cli;

import dev.unbindlab.kernel.KernelVariant;
import dev.unbindlab.report.Json;
import dev.unbindlab.runner.PairedRatio;
import dev.unbindlab.runner.ScenarioResult;
import dev.unbindlab.runner.ScenarioRunner;
import dev.unbindlab.scenario.Measurement;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.Scenarios;
import dev.unbindlab.vm.Arch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/**
 * {@code vm cost}: what a fix costs, as a ratio with a 95% interval. Boots a measuring scenario
 * on the baseline and the candidate kernel in pairs, alternating which boots first (ABBA...), so
 * that drift in the host's load falls on both; each boot's value of a measurement is its fastest
 * sample (a batch of many operations): under TCG the host's load only ever adds time, and the
 * medians of one kernel's boots varied by 50% on a shared host where the minima varied by 17%.
 * The ratio comes from the pairs ({@link PairedRatio}).
 */
@Command(name = "cost", description = {"Compare what a measuring scenario (e.g. nvmem-read-cost) measures on two kernels:",
        "boots in pairs, order alternating; per measurement the candidate/baseline ratio with its 95% confidence interval.",
        "Exit 0 when every boot ran clean, 1 when one did not (its verdict is printed), 2 on bad input."})
final class VmCostCommand implements Callable<Integer> {

    private final VmCommand.Lab lab = new VmCommand.Lab();
    @Spec CommandSpec spec;
    @Option(names = "--arch", converter = VmCommand.ArchConverter.class, defaultValue = "x86_64",
            description = "architecture (default: ${DEFAULT-VALUE})") Arch arch;
    @Option(names = "--scenario", required = true, paramLabel = "NAME", description = "a scenario that records measurements") String scenario;
    @Option(names = "--baseline", defaultValue = "vanilla", paramLabel = "VARIANT", description = "default: ${DEFAULT-VALUE}")
    String baseline;
    @Option(names = "--candidate", required = true, paramLabel = "VARIANT", description = "the kernel whose cost is measured") String candidate;
    @Option(names = "--pairs", defaultValue = "5", paramLabel = "N", description = "boot pairs, at least 2 (default: ${DEFAULT-VALUE})")
    int pairs;
    @Option(names = "--json", description = "one JSON object: every measurement's per-boot best batch and ratio") boolean json;

    /** One measurement across the pairs. */
    record Comparison(String measurement, String unit, List<Double> baselineBest, List<Double> candidateBest, double ratio,
                      double ratioLow95, double ratioHigh95) {
    }

    record CostReport(String scenario, String arch, String baseline, String candidate, int pairs, List<Comparison> measurements,
                      List<String> runDirs) {
    }

    @Override
    public Integer call() throws Exception {
        Scenario chosen = Scenarios.byName(scenario);
        KernelVariant base = lab.variant(arch, baseline);
        KernelVariant cand = lab.variant(arch, candidate);
        if (pairs < 2) {
            throw new UserError("--pairs must be at least 2 for a confidence interval, got " + pairs);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, double[][]> best = new LinkedHashMap<>();
        Map<String, String> units = new LinkedHashMap<>();
        List<String> runDirs = new ArrayList<>();
        try (BuildProgress progress = new BuildProgress(err)) {
            ScenarioRunner runner = lab.runner(progress);
            for (int pair = 0; pair < pairs; pair++) {
                boolean baseFirst = pair % 2 == 0;
                for (KernelVariant variant : baseFirst ? List.of(base, cand) : List.of(cand, base)) {
                    ScenarioResult result = runner.run(chosen, variant, runner.newRunDirectory(chosen, variant), OptionalInt.empty());
                    runDirs.add(result.runDirectory().toString());
                    err.println("unbindlab: pair " + (pair + 1) + "/" + pairs + ": " + result.cell() + " " + result.verdict().verdict().label()
                            + " in " + result.run().duration().toSeconds() + " s");
                    err.flush();
                    if (!result.asExpected()) {
                        err.println("unbindlab: " + result.cell() + " is " + result.verdict().verdict().label() + ", not "
                                + result.expected().label() + ": " + result.verdict().explanation() + " (" + result.runDirectory() + ")");
                        return ExitCodes.PROBLEM_FOUND;
                    }
                    List<Measurement> measured = Measurement.readAll(result.runDirectory().resolve(ScenarioRunner.GUEST_RESULTS));
                    if (measured.isEmpty()) {
                        throw new UserError(chosen.name() + " recorded no measurements (" + Measurement.FILE + " in "
                                + result.runDirectory() + "): it is not a measuring scenario");
                    }
                    int column = variant == base ? 0 : 1;
                    for (Measurement m : measured) {
                        best.computeIfAbsent(m.name(), k -> new double[2][pairs])[column][pair] = m.min();
                        units.put(m.name(), m.unit());
                    }
                }
            }
        }
        List<Comparison> comparisons = new ArrayList<>();
        best.forEach((name, values) -> {
            PairedRatio ratio = PairedRatio.of(values[0], values[1]);
            comparisons.add(new Comparison(name, units.get(name), box(values[0]), box(values[1]), ratio.ratio(), ratio.low(), ratio.high()));
        });
        if (json) {
            out.println(Json.write(new CostReport(chosen.name(), arch.id(), baseline, candidate, pairs, comparisons, runDirs)));
        } else {
            out.println(chosen.name() + ", " + pairs + " boot pairs (" + arch.id() + "): " + candidate + " / " + baseline);
            for (Comparison c : comparisons) {
                out.printf(Locale.ROOT, "  %s: %s %.1f %s, %s %.1f %s (median over boots of each boot's best batch); ratio %.3f, 95%% CI [%.3f, %.3f]%n",
                        c.measurement(), baseline, median(c.baselineBest()), c.unit(), candidate, median(c.candidateBest()),
                        c.unit(), c.ratio(), c.ratioLow95(), c.ratioHigh95());
            }
        }
        return ExitCodes.OK;
    }

    private static List<Double> box(double[] values) {
        List<Double> list = new ArrayList<>();
        for (double v : values) {
            list.add(v);
        }
        return list;
    }

    private static double median(List<Double> values) {
        return new Measurement("m", "", values).median();
    }
}
