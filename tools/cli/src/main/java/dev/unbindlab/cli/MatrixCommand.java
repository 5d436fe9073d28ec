package dev.unbindlab.cli;

import dev.unbindlab.kernel.KernelCache;
import dev.unbindlab.report.BenchmarkRatio;
import dev.unbindlab.report.HeadlessChromium;
import dev.unbindlab.report.MatrixCell;
import dev.unbindlab.report.MatrixReport;
import dev.unbindlab.runner.MatrixPlan;
import dev.unbindlab.runner.MatrixRun;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.Scenarios;
import dev.unbindlab.vm.Arch;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

@Command(name = "matrix", description = {
        "Run every scenario × kernel variant cell and write the report: report.html (one table, scenarios × variants,",
        "coloured by verdict, with titles, guilty frames and links to each console), report.json, results.ktap,",
        "and report.png (the page in headless Chromium, when Debian's chromium is installed).",
        "Exit 0: every cell has the verdict its scenario expects; 1: some cell has another; 2: bad input or infrastructure."})
final class MatrixCommand implements java.util.concurrent.Callable<Integer> {

    private final VmCommand.Lab lab = new VmCommand.Lab();
    @Spec CommandSpec spec;
    @Option(names = "--arch", converter = VmCommand.ArchConverter.class, paramLabel = "ARCH",
            description = "only this architecture (repeatable; default: all)") List<Arch> arches;
    @Option(names = "--scenario", paramLabel = "NAME", description = "only this scenario (repeatable; default: all)") List<String> scenarios;
    @Option(names = "--report", paramLabel = "DIR", description = "where the report goes (default: a new directory under"
            + " ~/.cache/unbindlab/matrix)") Path reportDir;
    @Option(names = "--cycles", paramLabel = "N|own", defaultValue = "3", description = "cycles each cyclic scenario plans:"
            + " a number, or 'own' for the scenario's own (50 for spi-nor, nvmem, mmc); default ${DEFAULT-VALUE}") String cycles;
    @Option(names = "--jobs", paramLabel = "N", defaultValue = "2", description = "guests at a time (default ${DEFAULT-VALUE};"
            + " on 2 cores, 3 made every guest slower)") int jobs;
    @Option(names = "--cost", paramLabel = "FILE", description = "the JSON of 'vm cost --json' or an mtd-read-bench run's bench.json, shown in the benchmark section"
            + " (repeatable)") List<Path> costFiles;

    @Override
    public Integer call() throws Exception {
        OptionalInt planned = parseCycles(cycles);
        if (jobs < 1) {
            throw new UserError("--jobs must be at least 1, got " + jobs);
        }
        List<BenchmarkRatio> benchmarks = new ArrayList<>();
        for (Path file : costFiles == null ? List.<Path>of() : costFiles) {
            benchmarks.addAll(BenchmarkRatio.read(file));
        }
        List<Scenario> chosen = scenarios == null ? Scenarios.all() : scenarios.stream().map(Scenarios::byName).toList();
        Set<Arch> archSet = arches == null ? EnumSet.allOf(Arch.class) : EnumSet.copyOf(arches);
        List<MatrixPlan.Cell> cells = MatrixPlan.cells(chosen, lab.catalog(), archSet);
        if (cells.isEmpty()) {
            throw new UserError("no matrix cell for scenarios " + chosen.stream().map(Scenario::name).toList() + " on " + archSet);
        }
        Path out = reportDir != null ? reportDir : KernelCache.defaultLocation().root().resolve("matrix")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        PrintWriter err = spec.commandLine().getErr();
        err.println("unbindlab: " + cells.size() + " cells, " + jobs + " at a time, "
                + (planned.isPresent() ? planned.getAsInt() + " cycles per cyclic scenario" : "each scenario's own cycles")
                + "; report in " + out);
        err.flush();

        Instant started = Instant.now();
        long start = System.nanoTime();
        List<MatrixRun.Outcome> outcomes;
        try (BuildProgress builds = new BuildProgress(err); ProgressBar bar = progressBar(err, cells.size())) {
            AtomicInteger done = new AtomicInteger();
            MatrixRun run = new MatrixRun(lab.runner(builds), lab.builder(), builds);
            outcomes = run.run(cells, jobs, planned, outcome -> {
                bar.step();
                bar.setExtraMessage(outcome.cell().name());
                synchronized (err) {
                    err.printf("[%d/%d] %s: %s (%.0f s)%n", done.incrementAndGet(), cells.size(), outcome.cell().name(),
                            describe(outcome), outcome.took().toMillis() / 1000.0);
                    err.flush();
                }
            });
        }
        double took = (System.nanoTime() - start) / 1e9;
        MatrixReport report = MatrixReport.of(started, took, InetAddress.getLocalHost().getHostName(), outcomes, planned, benchmarks);
        report.write(out);
        PrintWriter stdout = spec.commandLine().getOut();
        var chromium = HeadlessChromium.find();
        if (chromium.isPresent()) {
            chromium.get().screenshot(out.resolve(MatrixReport.HTML), out.resolve("report.png"), 1600, 1000);
        }
        for (MatrixCell cell : report.cells()) {
            stdout.printf("%-32s %-28s %-12s %s%n", cell.scenario(), cell.kernel(), cell.verdict(),
                    cell.asExpected() ? "as expected" : "EXPECTED " + cell.expected());
        }
        stdout.printf("%d of %d cells as expected in %.0f s; %s%s%n", report.asExpected(), report.cells().size(), took,
                out.resolve(MatrixReport.HTML), chromium.isPresent() ? " (and report.png)" : " (no chromium: no screenshot)");
        if (report.cells().stream().anyMatch(c -> c.verdict().equals("infra-error"))) {
            return ExitCodes.BAD_INPUT;
        }
        return report.asExpected() == report.cells().size() ? ExitCodes.OK : ExitCodes.PROBLEM_FOUND;
    }

    static OptionalInt parseCycles(String value) {
        if (value.equals("own")) {
            return OptionalInt.empty();
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return OptionalInt.of(n);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UserError("--cycles takes a number >= 1 or 'own', got '" + value + "'");
    }

    private static String describe(MatrixRun.Outcome outcome) {
        if (outcome.result().isEmpty()) {
            return "infra-error: " + outcome.error().orElse("no result");
        }
        var r = outcome.result().get();
        return r.verdict().verdict().label() + (r.asExpected() ? " (as expected)" : " (EXPECTED " + r.expected().label() + ")");
    }

    private static ProgressBar progressBar(PrintWriter err, int cells) {
        ProgressBarBuilder builder = new ProgressBarBuilder().setTaskName("matrix").setInitialMax(cells)
                .setStyle(ProgressBarStyle.ASCII).setMaxRenderedLength(120);
        if (System.console() == null || !System.console().isTerminal()) {
            // No terminal (CI): the per-cell lines say it all; the bar would only repeat them.
            builder.setConsumer(new DelegatingProgressBarConsumer(line -> { })).setUpdateIntervalMillis(60_000);
        }
        return builder.build();
    }
}
