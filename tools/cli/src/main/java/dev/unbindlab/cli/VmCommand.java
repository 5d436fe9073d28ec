package dev.unbindlab.cli;

import dev.unbindlab.kernel.BuildFailedException;
import dev.unbindlab.kernel.BuiltKernel;
import dev.unbindlab.kernel.KernelBuilder;
import dev.unbindlab.kernel.KernelCache;
import dev.unbindlab.kernel.KernelSource;
import dev.unbindlab.kernel.KernelVariant;
import dev.unbindlab.kernel.VariantCatalog;
import dev.unbindlab.kernel.VmImages;
import dev.unbindlab.ktap.KtapTest;
import dev.unbindlab.report.Json;
import dev.unbindlab.runner.BootSeries;
import dev.unbindlab.runner.GuestJava;
import dev.unbindlab.runner.ScenarioResult;
import dev.unbindlab.runner.ScenarioRunner;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.Scenarios;
import dev.unbindlab.triage.KernelReport;
import dev.unbindlab.verdict.Verdict;
import dev.unbindlab.vm.Arch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "vm", description = "Build guest kernels and run scenarios in QEMU guests (x86_64 under TCG when KVM is unusable).",
        subcommands = {VmCommand.Kernels.class, VmCommand.Build.class, VmCommand.Run.class, VmCostCommand.class,
                VmCommand.ScenarioList.class})
final class VmCommand {

    static final class ArchConverter implements ITypeConverter<Arch> {
        @Override
        public Arch convert(String value) {
            return Arch.parse(value);
        }
    }

    /** Where the project's VM assets and the cache are; shared by every vm subcommand. */
    static final class Lab {
        VmImages images() {
            return VmImages.locate(Path.of("")).orElseThrow(() -> new UserError(
                    "cannot find vm-images/: run from the unbindlab checkout or set UNBINDLAB_HOME"));
        }

        VariantCatalog catalog() throws IOException {
            return VariantCatalog.load(images());
        }

        KernelBuilder builder() {
            return new KernelBuilder(images(), KernelCache.defaultLocation(), KernelSource.standard());
        }

        KernelVariant variant(Arch arch, String name) throws IOException {
            return catalog().get(arch, name);
        }

        /** Runs cells with this checkout's CLI jar as the guest's, builds reported to {@code progress}. */
        ScenarioRunner runner(BuildProgress progress) {
            VmImages images = images();
            return new ScenarioRunner(builder(), images, GuestJava.current(images.repository()), progress);
        }

        /** 2 if any run could not say anything about the kernel, else 0 if all are as expected, else 1. */
        static int exitCode(List<ScenarioResult> results) {
            if (results.stream().anyMatch(r -> r.verdict().verdict() == Verdict.INFRA_ERROR)) {
                return ExitCodes.BAD_INPUT;
            }
            return results.stream().allMatch(ScenarioResult::asExpected) ? ExitCodes.OK : ExitCodes.PROBLEM_FOUND;
        }
    }

    @Command(name = "kernels", description = {"List the kernel variants and whether the cache holds a build of their current inputs.",
            "States: current (ready), stale (inputs changed since it was built), missing."})
    static final class Kernels implements Callable<Integer> {
        private final Lab lab = new Lab();
        @Spec CommandSpec spec;
        @Option(names = "--arch", converter = ArchConverter.class, description = "only this architecture") Arch arch;
        @Option(names = "--json", description = "one JSON object per variant, in an array") boolean json;

        record Row(String arch, String variant, List<String> series, String state, String key, Optional<String> release,
                   Optional<String> builtAt, Optional<Long> buildSeconds, Optional<Boolean> incremental, String directory) {
        }

        @Override
        public Integer call() throws Exception {
            KernelBuilder builder = lab.builder();
            List<Row> rows = new ArrayList<>();
            String problem = null;
            for (KernelVariant v : lab.catalog().variants()) {
                if (arch != null && v.arch() != arch) {
                    continue;
                }
                String state;
                String key;
                try {
                    KernelBuilder.Status status = builder.status(v);
                    state = status.state().name().toLowerCase(Locale.ROOT);
                    key = status.key().shortValue();
                } catch (BuildFailedException e) {
                    // No source tarball: the inputs cannot be hashed, but the list is still worth showing.
                    state = "unknown";
                    key = "-";
                    problem = e.getMessage();
                }
                Optional<BuiltKernel> cached = builder.cache().cached(v);
                rows.add(new Row(v.arch().id(), v.name(), v.series(), state,
                        key, cached.map(BuiltKernel::release), cached.map(k -> k.builtAt().toString()),
                        cached.map(k -> k.buildTime().toSeconds()), cached.map(BuiltKernel::incremental),
                        builder.cache().kernelDirectory(v).toString()));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (problem != null) {
                spec.commandLine().getErr().println("unbindlab: cache state unknown: " + problem);
            }
            if (json) {
                out.println(Json.write(rows));
                return ExitCodes.OK;
            }
            out.printf("%-7s %-22s %-8s %-16s %-8s %s%n", "ARCH", "VARIANT", "STATE", "KEY", "BUILD", "SERIES");
            for (Row r : rows) {
                out.printf("%-7s %-22s %-8s %-16s %-8s %s%n", r.arch(), r.variant(), r.state(), r.key(),
                        r.buildSeconds().map(s -> s + " s" + (r.incremental().orElse(false) ? "*" : "")).orElse("-"),
                        r.series().isEmpty() ? "-" : String.join(" ", r.series()));
            }
            out.println("(* incremental: rebuilt in an existing object tree, a variant in a copy of vanilla's; cache: " + builder.cache().root() + ")");
            return ExitCodes.OK;
        }
    }

    @Command(name = "build", description = "Build kernel variants that are not current in the cache (cached ones are reused).")
    static final class Build implements Callable<Integer> {
        private final Lab lab = new Lab();
        @Spec CommandSpec spec;
        @Option(names = "--arch", converter = ArchConverter.class, defaultValue = "x86_64",
                description = "architecture (default: ${DEFAULT-VALUE})") Arch arch;

        @ArgGroup(multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--kernel", paramLabel = "VARIANT", description = "a variant (repeatable)") List<String> kernels;
            @Option(names = "--all", description = "every variant of the architecture") boolean all;
        }

        @Override
        public Integer call() throws Exception {
            KernelBuilder builder = lab.builder();
            List<KernelVariant> variants = new ArrayList<>();
            if (which.all) {
                variants.addAll(lab.catalog().forArch(arch));
            } else {
                for (String name : which.kernels) {
                    variants.add(lab.variant(arch, name));
                }
            }
            try (BuildProgress progress = new BuildProgress(spec.commandLine().getErr())) {
                for (KernelVariant v : variants) {
                    BuiltKernel k = builder.ensure(v, progress);
                    spec.commandLine().getOut().println(v.id() + "\t" + k.image());
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "run", description = {"Run one scenario on one kernel variant in a fresh guest and print its verdict.",
            "Builds the kernel first if the cache has no current build of it. --scenario given more than once runs those"
                    + " scenarios one after the other in one shared guest, as the matrix does with a kernel's clean cells.",
            "Exit 0: the verdict the scenario expects on that kernel; 1: another verdict; 2: bad input or an infrastructure error."})
    static final class Run implements Callable<Integer> {
        private final Lab lab = new Lab();
        @Spec CommandSpec spec;
        @Option(names = "--arch", converter = ArchConverter.class, defaultValue = "x86_64",
                description = "architecture (default: ${DEFAULT-VALUE})") Arch arch;
        @Option(names = "--kernel", required = true, paramLabel = "VARIANT", description = "kernel variant, e.g. vanilla") String kernel;
        @Option(names = "--scenario", required = true, paramLabel = "NAME", description = "scenario, see 'vm scenarios'"
                + " (repeatable: one shared boot)") List<String> scenarios;
        @Option(names = "--run-dir", paramLabel = "DIR", description = "where the console, KTAP and QEMU command line go"
                + " (default: a new directory under ~/.cache/unbindlab/runs)") Path runDir;
        @Option(names = "--json", description = "one JSON object: verdict, reports, ktap, passed (KTAP results), cycles (unbind cycles ok),"
                + " boot_s, duration_s, run_dir")
        boolean json;
        @Option(names = "--cycles", paramLabel = "N", description = "for scenarios made of cycles: plan N instead of the"
                + " scenario's own number (the time limit grows with N)") Integer cycles;
        @Option(names = "--boots", paramLabel = "N", defaultValue = "1", description = "boot N fresh guests one after the other"
                + " and summarize: verdicts per boot, reproduction rate, report titles, cycle of the first problem")
        int boots;

        @Override
        public Integer call() throws Exception {
            // Unknown names are IllegalArgumentExceptions listing the known ones: exit 2.
            List<Scenario> chosenAll = scenarios.stream().map(Scenarios::byName).toList();
            KernelVariant variant = lab.variant(arch, kernel);
            if (chosenAll.size() > 1) {
                return runShared(chosenAll, variant);
            }
            Scenario chosen = chosenAll.getFirst();
            if (boots < 1) {
                throw new UserError("--boots must be at least 1, got " + boots);
            }
            if (boots > 1 && runDir != null) {
                throw new UserError("--run-dir names one run; with --boots each boot gets its own directory under the cache");
            }
            OptionalInt plannedCycles = cycles == null ? OptionalInt.empty() : OptionalInt.of(cycles);
            ScenarioRunner.checkCycles(chosen, plannedCycles);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            List<ScenarioResult> results = new ArrayList<>();
            try (BuildProgress progress = new BuildProgress(err)) {
                ScenarioRunner runner = lab.runner(progress);
                for (int i = 0; i < boots; i++) {
                    ScenarioResult result = runner.run(chosen, variant, runDir != null ? runDir : runner.newRunDirectory(chosen, variant),
                            plannedCycles);
                    results.add(result);
                    if (boots > 1) {
                        err.println("unbindlab: " + BootSeries.describeBoot(result, i + 1, boots));
                        err.flush();
                    }
                }
            }
            if (boots == 1) {
                ScenarioResult result = results.getFirst();
                if (json) {
                    out.println(Json.write(RunReport.of(result)));
                } else {
                    printText(out, result);
                }
            } else {
                BootSeries series = new BootSeries(results.getFirst().cell(), results);
                if (json) {
                    out.println(Json.write(SeriesReport.of(series)));
                } else {
                    series.describe().subList(boots, series.describe().size()).forEach(out::println);
                }
            }
            return Lab.exitCode(results);
        }

        private int runShared(List<Scenario> chosen, KernelVariant variant) throws Exception {
            if (chosen.stream().distinct().count() != chosen.size()) {
                throw new UserError("a shared boot runs each scenario once: " + scenarios);
            }
            if (boots != 1) {
                throw new UserError("--boots repeats one scenario's boot; with several --scenario there is one shared boot");
            }
            OptionalInt plannedCycles = cycles == null ? OptionalInt.empty() : OptionalInt.of(cycles);
            if (plannedCycles.isPresent()) {
                if (chosen.stream().allMatch(s -> s.cycles().isEmpty())) {
                    throw new UserError("none of " + scenarios + " is made of cycles; --cycles does not apply");
                }
                if (cycles < 1) {
                    throw new UserError("--cycles must be at least 1, got " + cycles);
                }
            }
            for (int i = 0; i < chosen.size(); i++) {
                for (int j = i + 1; j < chosen.size(); j++) {
                    if (!chosen.get(i).vmNeeds(variant.arch()).canShareWith(chosen.get(j).vmNeeds(variant.arch()))) {
                        throw new UserError(chosen.get(i).name() + " and " + chosen.get(j).name()
                                + " bring different devices or disks: they need boots of their own");
                    }
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            ScenarioRunner.SharedRun run;
            try (BuildProgress progress = new BuildProgress(spec.commandLine().getErr())) {
                ScenarioRunner runner = lab.runner(progress);
                run = runner.runShared(chosen, variant, runDir != null ? runDir : runner.newSharedRunDirectory(variant), plannedCycles);
            }
            List<String> notReached = run.notReached().stream().map(Scenario::name).toList();
            if (json) {
                out.println(Json.write(new SharedReport(run.results().stream().map(RunReport::of).toList(), notReached)));
            } else {
                run.results().forEach(r -> printText(out, r));
                if (!notReached.isEmpty()) {
                    out.println("not reached (an earlier scenario failed or tainted the kernel): " + String.join(", ", notReached));
                }
            }
            int status = Lab.exitCode(run.results());
            return status == ExitCodes.OK && !notReached.isEmpty() ? ExitCodes.PROBLEM_FOUND : status;
        }

        private static void printText(PrintWriter out, ScenarioResult r) {
            out.println(r.cell() + ": " + r.verdict().verdict().label() + " (expected " + r.expected().label() + ")");
            out.println("  " + r.verdict().explanation());
            for (KernelReport report : r.verdict().reports()) {
                out.println("  " + report.summaryLine());
            }
            for (KtapTest t : r.verdict().ktap().tests()) {
                if (t.failed()) {
                    out.println("  not ok " + t.name() + (t.diagnostics().isEmpty() ? "" : ": " + String.join("; ", t.diagnostics())));
                }
            }
            out.printf("  boot %s s, run %.1f s on %s, run directory %s%n",
                    r.bootSeconds().isPresent() ? String.format("%.1f", r.bootSeconds().getAsDouble()) : "?",
                    r.run().duration().toMillis() / 1000.0, r.run().accelerator().qemuName(), r.runDirectory());
            if (!r.sharedWith().isEmpty()) {
                out.println("  boot shared with " + String.join(", ", r.sharedWith()) + "; this scenario's KTAP is in " + r.results());
            }
        }
    }

    /** The {@code vm run --json} object. */
    record RunReport(String scenario, String arch, String kernel, String kernelKey, String verdict, String expected,
                     boolean asExpected, String explanation, List<ReportEntry> reports, KtapReport ktap, int passed, int cycles,
                     Double bootS, double durationS, String accelerator, String runDir, List<String> sharedBootWith) {

        record ReportEntry(String kind, String title, Optional<String> guiltyFrame) {
        }

        record KtapReport(Integer plan, List<KtapEntry> tests) {
        }

        record KtapEntry(int number, String name, String result, Optional<String> reason, List<String> diagnostics) {
        }

        static RunReport of(ScenarioResult r) {
            var ktap = r.verdict().ktap();
            return new RunReport(r.scenario(), r.kernel().variant().arch().id(), r.kernel().variant().name(), r.kernel().key(),
                    r.verdict().verdict().label(), r.expected().label(), r.asExpected(), r.verdict().explanation(),
                    r.verdict().reports().stream().map(k -> new ReportEntry(k.kind().name(), k.title(), k.guiltyFrame())).toList(),
                    new KtapReport(ktap.plan().isPresent() ? ktap.plan().getAsInt() : null, ktap.tests().stream()
                            .map(t -> new KtapEntry(t.number(), t.name(), t.skipped() ? "skip" : t.ok() ? "ok" : "not ok",
                                    t.reason(), t.diagnostics())).toList()),
                    r.verdict().passed(), BootSeries.cyclesOk(r), r.bootSeconds().isPresent() ? r.bootSeconds().getAsDouble() : null,
                    r.run().duration().toMillis() / 1000.0, r.run().accelerator().qemuName(), r.runDirectory().toString(), r.sharedWith());
        }
    }

    /** The {@code vm run --json} object of a shared boot: each scenario's run, and the scenarios the boot did not reach. */
    record SharedReport(List<RunReport> runs, List<String> notReached) {
    }

    /** The {@code vm run --boots N --json} object: the summary, then every boot as {@code vm run --json} gives it. */
    record SeriesReport(String cell, int boots, int asExpected, Map<String, Integer> verdicts, Map<String, Integer> firstReports,
                        Map<Integer, Integer> firstProblemCycles, Double medianBootS, double medianRunS, List<RunReport> runs) {

        static SeriesReport of(BootSeries s) {
            Map<String, Integer> verdicts = new LinkedHashMap<>();
            s.verdicts().forEach((v, c) -> verdicts.put(v.label(), c));
            return new SeriesReport(s.cell(), s.boots().size(), s.asExpected(), verdicts, s.firstReports(), s.firstProblemCycles(),
                    s.medianBootSeconds().isPresent() ? s.medianBootSeconds().getAsDouble() : null,
                    s.medianRunSeconds().orElse(0), s.boots().stream().map(RunReport::of).toList());
        }
    }

    @Command(name = "scenarios", description = "List the scenarios, their architectures and what they expect.")
    static final class ScenarioList implements Callable<Integer> {
        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (Scenario s : Scenarios.all()) {
                out.println(s.name() + "\t" + s.arches().stream().map(Arch::id).sorted().collect(Collectors.joining(",")) + "\t" + s.summary());
            }
            return ExitCodes.OK;
        }
    }
}
