package dev.unbindlab.runner;

import dev.unbindlab.kernel.BuildFailedException;
import dev.unbindlab.kernel.BuildListener;
import dev.unbindlab.kernel.BuiltKernel;
import dev.unbindlab.kernel.KernelBuilder;
import dev.unbindlab.kernel.KernelVariant;
import dev.unbindlab.kernel.VmImages;
import dev.unbindlab.ktap.Ktap;
import dev.unbindlab.ktap.KtapDocument;
import dev.unbindlab.scenario.GuestContext;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.SharedBoot;
import dev.unbindlab.scenario.VmNeeds;
import dev.unbindlab.triage.KernelReport;
import dev.unbindlab.triage.Triage;
import dev.unbindlab.verdict.Judge;
import dev.unbindlab.verdict.RunVerdict;
import dev.unbindlab.vm.AcceleratorProbe;
import dev.unbindlab.vm.Arch;
import dev.unbindlab.vm.DiskImage;
import dev.unbindlab.vm.VirtualMachine;
import dev.unbindlab.vm.VmRun;
import dev.unbindlab.vm.VmSpec;
import dev.unbindlab.vm.qmp.QmpMailbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cell of the matrix, end to end: the scenario's kernel (built or from the cache) → a guest
 * that runs the scenario's Java → the console and the guest's KTAP → triage → verdict.
 */
public final class ScenarioRunner {

    /** Results share inside the run directory: the only place the guest can write. */
    public static final String GUEST_RESULTS = "guest";
    /** Time for the guest to boot and its JVM to start under TCG, on top of the scenario's own limit. */
    private static final Duration BOOT_ALLOWANCE = Duration.ofSeconds(60);
    /** A KVM guest prints its banner in well under a second; silence this long means KVM does not work here. */
    private static final Duration KVM_PROBE_TIMEOUT = Duration.ofSeconds(8);
    private static final Pattern INIT_UP = Pattern.compile("unbindlab-init: up ([0-9.]+) s");

    private final KernelBuilder kernels;
    private final VmImages images;
    private final GuestJava guestJava;
    private final BuildListener buildListener;
    private Optional<Path> x86AotCache;

    public ScenarioRunner(KernelBuilder kernels, VmImages images, GuestJava guestJava, BuildListener buildListener) {
        this.kernels = kernels;
        this.images = images;
        this.guestJava = guestJava;
        this.buildListener = buildListener;
    }

    /** A fresh run directory under the cache: {@code runs/<time>-<scenario>-<arch>-<variant>}. */
    public Path newRunDirectory(Scenario scenario, KernelVariant variant) {
        return kernels.cache().runs().resolve(stamp() + "-" + scenario.name() + "-" + variant.id());
    }

    /** A fresh run directory for a boot that several scenarios share: {@code runs/<time>-shared-<arch>-<variant>}. */
    public Path newSharedRunDirectory(KernelVariant variant) {
        return kernels.cache().runs().resolve(stamp() + "-shared-" + variant.id());
    }

    private static String stamp() {
        return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
    }

    public ScenarioResult run(Scenario scenario, KernelVariant variant, Path runDirectory)
            throws BuildFailedException, IOException, InterruptedException {
        return run(scenario, variant, runDirectory, OptionalInt.empty());
    }

    /** {@code cycles}: plan this many cycles instead of the scenario's own number (cyclic scenarios only). */
    public ScenarioResult run(Scenario scenario, KernelVariant variant, Path runDirectory, OptionalInt cycles)
            throws BuildFailedException, IOException, InterruptedException {
        Boot boot = boot(List.of(scenario), variant, runDirectory, cycles);
        return judge(scenario, variant, boot, boot.results(), boot.run(), boot.reports(), List.of());
    }

    /**
     * What one shared boot came to: a result for each scenario it ran, in order, and the
     * scenarios it never reached (an earlier one failed or tainted the kernel, see
     * {@link SharedBoot}), which need a boot of their own.
     */
    public record SharedRun(List<ScenarioResult> results, List<Scenario> notReached) {
    }

    /**
     * Runs {@code scenarios} one after the other in one guest (see {@link SharedBoot}); each is
     * judged on its own stretch of the console, its own KTAP and its own exit status. Their VM
     * needs must merge ({@link VmNeeds#canShareWith}).
     */
    public SharedRun runShared(List<Scenario> scenarios, KernelVariant variant, Path runDirectory, OptionalInt cycles)
            throws BuildFailedException, IOException, InterruptedException {
        if (scenarios.size() < 2) {
            throw new IllegalArgumentException("a shared boot needs at least two scenarios, got " + scenarios.size());
        }
        Boot boot = boot(scenarios, variant, runDirectory, cycles);
        List<String> lines = boot.console().lines().toList();
        List<Integer> starts = startLines(scenarios, lines);
        List<ScenarioResult> results = new ArrayList<>();
        List<Scenario> notReached = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario scenario = scenarios.get(i);
            Path own = SharedBoot.directory(boot.results(), scenario.name());
            if (starts.get(i) < 0) {
                notReached.add(scenario);
                continue;
            }
            // Reports before the first scenario (the boot) are the first scenario's; each later one starts at its own line.
            int from = i == 0 ? 1 : starts.get(i);
            int next = i + 1 < scenarios.size() && starts.get(i + 1) > 0 ? starts.get(i + 1) : Integer.MAX_VALUE;
            List<KernelReport> reports = boot.reports().stream().filter(r -> r.firstLine() >= from && r.firstLine() < next).toList();
            Path status = own.resolve(SharedBoot.STATUS_FILE);
            // A scenario that wrote its status ended on its own: the boot, as it saw it, exited with that status.
            int end = (int) Math.min(next - 1L, lines.size());
            VmRun seen = Files.exists(status)
                    ? new VmRun(OptionalInt.of((Integer.parseInt(Files.readString(status).trim()) << 1) | 1), false,
                            SharedBoot.duration(own), boot.run().accelerator(), boot.run().acceleratorReason(), runDirectory,
                            lines.subList(Math.max(0, end - 40), end))
                    : boot.run();
            List<String> others = scenarios.stream().map(Scenario::name).filter(n -> !n.equals(scenario.name())).toList();
            results.add(judge(scenario, variant, boot, own, seen, reports, others));
        }
        return new SharedRun(results, notReached);
    }

    /** The 1-based console line where each scenario's stretch starts (its start line), -1 for one the boot never reached. */
    static List<Integer> startLines(List<Scenario> scenarios, List<String> lines) {
        List<Integer> starts = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            String marker = GuestContext.CONSOLE_PREFIX + SharedBoot.startLine(scenario.name());
            int line = -1;
            for (int i = 0; i < lines.size() && line < 0; i++) {
                if (lines.get(i).contains(marker)) {
                    line = i + 1;
                }
            }
            starts.add(line);
        }
        return starts;
    }

    /** One boot's evidence: the kernel, how QEMU ended, the console and every report in it. */
    private record Boot(BuiltKernel kernel, VmRun run, Path results, String console, List<KernelReport> reports, OptionalDouble bootSeconds) {
    }

    private Boot boot(List<Scenario> scenarios, KernelVariant variant, Path runDirectory, OptionalInt cycles)
            throws BuildFailedException, IOException, InterruptedException {
        Arch arch = variant.arch();
        List<String> guestRun = new ArrayList<>();
        Duration guestLimit = Duration.ZERO;
        for (Scenario scenario : scenarios) {
            if (!scenario.arches().contains(arch)) {
                throw new IllegalArgumentException("scenario " + scenario.name() + " runs on " + scenario.arches() + ", not " + arch);
            }
            checkCycles(scenario, scenarios.size() > 1 && scenario.cycles().isEmpty() ? OptionalInt.empty() : cycles);
            guestRun.add(scenario.name());
            guestLimit = guestLimit.plus(limit(scenario, arch, cycles));
        }
        if (cycles.isPresent()) {
            guestRun.addAll(List.of("--cycles", Integer.toString(cycles.getAsInt())));
        }
        BuiltKernel kernel = kernels.ensure(variant, buildListener);

        Path results = Files.createDirectories(runDirectory.resolve(GUEST_RESULTS));
        VmNeeds needs = VmNeeds.merge(scenarios.stream().map(s -> s.vmNeeds(arch)).toList());
        for (DiskImage disk : needs.disks()) {
            disk.create(runDirectory);
        }
        Optional<Path> aotCache = arch == Arch.X86_64 ? x86AotCache() : Optional.empty();
        VmSpec spec = GuestPlatform.of(arch, images, kernels.cache(), guestJava, aotCache, buildListener)
                .spec(new GuestBoot(kernel, guestRun, runDirectory, results, needs, guestLimit));
        AcceleratorProbe.Decision accel = AcceleratorProbe.probe(arch, kernel.image(), KVM_PROBE_TIMEOUT,
                Optional.of(kernels.cache().root().resolve("kvm-probe.properties")));
        VmRun run = VirtualMachine.run(spec, accel, runDirectory, guestLimit.plus(BOOT_ALLOWANCE),
                needs.hostMonitor() ? Optional.of(results.resolve(QmpMailbox.DIRECTORY)) : Optional.empty());

        String console = Files.exists(run.console())
                ? new String(Files.readAllBytes(run.console()), StandardCharsets.UTF_8) : "";
        return new Boot(kernel, run, results, console, Triage.analyze(console), bootSeconds(console));
    }

    /** Made (or found) once per runner: the jar does not change while it runs. */
    private synchronized Optional<Path> x86AotCache() throws InterruptedException {
        if (x86AotCache == null) {
            x86AotCache = GuestAotCache.forHostJdk(guestJava, kernels.cache(), buildListener);
        }
        return x86AotCache;
    }

    /** The scenario's limit, sized for its own number of cycles: scaled up for more, never down. */
    private static Duration limit(Scenario scenario, Arch arch, OptionalInt cycles) {
        Duration limit = scenario.timeout(arch);
        if (cycles.isPresent() && scenario.cycles().isPresent() && cycles.getAsInt() > scenario.cycles().getAsInt()) {
            limit = limit.multipliedBy(cycles.getAsInt()).dividedBy(scenario.cycles().getAsInt());
        }
        return limit;
    }

    private static ScenarioResult judge(Scenario scenario, KernelVariant variant, Boot boot, Path results, VmRun run,
                                        List<KernelReport> reports, List<String> sharedWith) throws IOException {
        Path ktapFile = results.resolve(GuestContext.KTAP_FILE);
        KtapDocument ktap = Ktap.parse(Files.exists(ktapFile) ? Files.readString(ktapFile) : "");
        RunVerdict verdict = Judge.judge(run, boot.bootSeconds().isPresent(), reports, ktap);
        return new ScenarioResult(scenario.name(), boot.kernel(), scenario.expected(variant.name()), verdict, run,
                boot.bootSeconds(), results, sharedWith);
    }

    /** Refuses a cycle count for a scenario not made of cycles, or one below 1 (call before building anything). */
    public static void checkCycles(Scenario scenario, OptionalInt cycles) {
        if (cycles.isEmpty()) {
            return;
        }
        if (scenario.cycles().isEmpty()) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " is not made of cycles; --cycles does not apply");
        }
        if (cycles.getAsInt() < 1) {
            throw new IllegalArgumentException("--cycles must be at least 1, got " + cycles.getAsInt());
        }
    }

    static OptionalDouble bootSeconds(String console) {
        Matcher m = INIT_UP.matcher(console);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }
}
