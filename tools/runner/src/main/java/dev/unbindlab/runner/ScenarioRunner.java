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

    public ScenarioRunner(KernelBuilder kernels, VmImages images, GuestJava guestJava, BuildListener buildListener) {
        this.kernels = kernels;
        this.images = images;
        this.guestJava = guestJava;
        this.buildListener = buildListener;
    }

    /** A fresh run directory under the cache: {@code runs/<time>-<scenario>-<arch>-<variant>}. */
    public Path newRunDirectory(Scenario scenario, KernelVariant variant) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
        return kernels.cache().runs().resolve(stamp + "-" + scenario.name() + "-" + variant.id());
    }

    public ScenarioResult run(Scenario scenario, KernelVariant variant, Path runDirectory)
            throws BuildFailedException, IOException, InterruptedException {
        return run(scenario, variant, runDirectory, OptionalInt.empty());
    }

    /** {@code cycles}: plan this many cycles instead of the scenario's own number (cyclic scenarios only). */
    public ScenarioResult run(Scenario scenario, KernelVariant variant, Path runDirectory, OptionalInt cycles)
            throws BuildFailedException, IOException, InterruptedException {
        Arch arch = variant.arch();
        if (!scenario.arches().contains(arch)) {
            throw new IllegalArgumentException("scenario " + scenario.name() + " runs on " + scenario.arches() + ", not " + arch);
        }
        checkCycles(scenario, cycles);
        List<String> guestRun = new ArrayList<>(List.of(scenario.name()));
        Duration guestLimit = scenario.timeout(arch);
        if (cycles.isPresent()) {
            guestRun.addAll(List.of("--cycles", Integer.toString(cycles.getAsInt())));
            // The scenario's limit is sized for its own number of cycles: scale it up, never down.
            int planned = scenario.cycles().getAsInt();
            if (cycles.getAsInt() > planned) {
                guestLimit = guestLimit.multipliedBy(cycles.getAsInt()).dividedBy(planned);
            }
        }
        BuiltKernel kernel = kernels.ensure(variant, buildListener);

        Path results = Files.createDirectories(runDirectory.resolve(GUEST_RESULTS));
        VmNeeds needs = scenario.vmNeeds(arch);
        for (DiskImage disk : needs.disks()) {
            disk.create(runDirectory);
        }
        VmSpec spec = GuestPlatform.of(arch, images, kernels.cache(), guestJava, buildListener)
                .spec(new GuestBoot(kernel, guestRun, runDirectory, results, needs, guestLimit));
        AcceleratorProbe.Decision accel = AcceleratorProbe.probe(arch, kernel.image(), KVM_PROBE_TIMEOUT,
                Optional.of(kernels.cache().root().resolve("kvm-probe.properties")));
        VmRun run = VirtualMachine.run(spec, accel, runDirectory, guestLimit.plus(BOOT_ALLOWANCE),
                needs.hostMonitor() ? Optional.of(results.resolve(QmpMailbox.DIRECTORY)) : Optional.empty());

        String console = Files.exists(run.console())
                ? new String(Files.readAllBytes(run.console()), StandardCharsets.UTF_8) : "";
        List<KernelReport> reports = Triage.analyze(console);
        Path ktapFile = results.resolve(GuestContext.KTAP_FILE);
        KtapDocument ktap = Ktap.parse(Files.exists(ktapFile) ? Files.readString(ktapFile) : "");
        OptionalDouble boot = bootSeconds(console);
        RunVerdict verdict = Judge.judge(run, boot.isPresent(), reports, ktap);
        return new ScenarioResult(scenario.name(), kernel, scenario.expected(variant.name()), verdict, run, boot);
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
