package dev.unbindlab.stress;

import dev.unbindlab.ktap.KtapStream;
import dev.unbindlab.ktap.KtapTest;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.sysfs.DeviceRef;
import dev.unbindlab.linux.sysfs.DriverBinding;
import dev.unbindlab.linux.sysfs.Sysfs;
import dev.unbindlab.scenario.LeakCheck;
import dev.unbindlab.scenario.ScenarioSetupException;
import dev.unbindlab.scenario.unbind.BindingGuard;
import dev.unbindlab.scenario.unbind.CycleBook;
import dev.unbindlab.scenario.unbind.CycleLoop;
import dev.unbindlab.scenario.unbind.ErrnoHistogram;
import dev.unbindlab.scenario.unbind.KernelReportWatcher;
import dev.unbindlab.scenario.unbind.KernelReported;
import dev.unbindlab.scenario.unbind.Waits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The unbind stress cycle, shared by the spi-nor VM scenarios and {@code unbindlab stress} on a
 * board: readers running → unbind → observe → rebind → wait for the device (an MTD or an nvmem
 * device) by name → data checked against the first full read. One KTAP result {@code cycle-N} per cycle; the run stops at the
 * first kernel report (unless {@link Plan#keepGoing}) or at a cycle that leaves the device
 * unusable.
 *
 * <p>This thread writes the KTAP and does nothing else that can block in the kernel: reads,
 * sysfs writes and even the MTD lookup (sysfs attributes of an MTD freed under an open file)
 * run on daemon threads ({@link Waits#call}). An oops kills the thread in whose system call it
 * happens; every KTAP line already written is out (one flush per line), and this thread notices
 * the report within milliseconds and writes the cycle's result.
 *
 * <p>After a kernel report the binding is left as it is: measured on vanilla 7.3.4, the oopsed
 * reader dies holding the spi-nor lock (the other readers then sleep in D state for good) and
 * binding the controller again never returned and kept a CPU busy (a thread in R state 30 s
 * later). The run's log says the binding was not restored.
 */
public final class UnbindStress {

    static final Duration SETUP_DEVICE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration UNBIND_TIMEOUT = Duration.ofSeconds(30);
    static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);
    static final Duration DEVICE_RETURN_TIMEOUT = Duration.ofSeconds(15);

    /**
     * What to stress.
     *
     * @param kind         what the device is (an MTD, an nvmem device)
     * @param name         the device, by name (its number may change across a rebind)
     * @param expectedSize its size, if the caller knows it (a VM rig does): a mismatch is a setup error
     * @param target       the device unbound each cycle; the stressed device must be below it in sysfs
     * @param cycles       the cycles planned, or with a {@code duration} the most cycles run
     * @param duration     no cycle starts after this much time
     * @param seed         for the readers' random timing; a fresh one when empty
     * @param keepGoing    go on after a kernel report (the device is bound again if it can be)
     * @param leakCheck    kmemleak: clear before the first cycle, scan after the last
     * @param unboundFor   how long the device stays unbound once the readers have ended, before the bind
     */
    public record Plan(StressedDevice.Kind kind, String name, OptionalLong expectedSize, UnbindTarget target, int cycles,
                       Optional<Duration> duration, OptionalLong seed, boolean keepGoing, boolean leakCheck,
                       Duration unboundFor) {

        public Plan {
            if (cycles < 1) {
                throw new IllegalArgumentException("at least one cycle, not " + cycles);
            }
            if (unboundFor.isNegative()) {
                throw new IllegalArgumentException("negative unbound time " + unboundFor);
            }
        }

        /** A plan of {@code cycles} for a VM rig: its MTD's known size, kmemleak checked, bound again at once. */
        public static Plan forRig(String mtdName, long size, UnbindTarget target, int cycles) {
            return new Plan(StressedDevice.Kind.MTD, mtdName, OptionalLong.of(size), target, cycles, Optional.empty(), OptionalLong.empty(), false, true,
                    Duration.ZERO);
        }
    }

    /** Called on the engine's thread as the run goes (a progress bar, say). */
    public interface Progress {
        Progress NONE = new Progress() {
        };

        default void started(FlashReference reference, long seed) {
        }

        default void cycleEnded(int cycle, boolean ok, long bytesSoFar, ErrnoHistogram errorsSoFar) {
        }
    }

    /**
     * How the run went.
     *
     * @param cycles      the KTAP result of each cycle run (plus the kmemleak result, if checked)
     * @param stopReason  why the run stopped before its plan, if it did
     * @param reports     the kernel reports seen (first line each), in order
     * @param kernelLog   the kernel log from the start of the run, for a triage of the reports
     */
    public record Result(String device, UnbindTarget target, long seed, FlashReference reference, int cyclesRun,
                         int cyclesOk, long bytesRead, boolean dataMatches, ErrnoHistogram errors,
                         Optional<String> stopReason, List<KernelReportWatcher.Report> reports, List<String> kernelLog,
                         List<KtapTest> cycles, long elapsedNanos, String restore) {
    }

    private final StressConsole console;
    private final Plan plan;
    private final Progress progress;

    public UnbindStress(StressConsole console, Plan plan, Progress progress) {
        this.console = console;
        this.plan = plan;
        this.progress = progress;
    }

    /** {@code workloads} is built from the reference read (e.g. sized from the measured speed). */
    public Result run(Function<FlashReference, Workload.Factory> workloads) throws Exception {
        long started = System.nanoTime();
        try (KernelReportWatcher watcher = new KernelReportWatcher(console::log)) {
            ProcessHandle.current().info().startInstant().ifPresent(jvmStart -> console.log("JVM started "
                    + Duration.between(jvmStart, Instant.now()).toMillis() + " ms ago; uptime " + uptime()));
            watcher.start();
            Waits waits = new Waits(watcher);
            DriverBinding binding = new DriverBinding(Sysfs.system());
            DeviceRef device = boundDevice(binding, plan.target());
            StressedDevice stressed = findDevice(waits);
            checkBelow(binding, device, stressed);
            if (plan.expectedSize().isPresent() && stressed.size() != plan.expectedSize().getAsLong()) {
                throw new ScenarioSetupException(plan.name() + " has " + stressed.size() + " bytes, expected "
                        + Sizes.human(plan.expectedSize().getAsLong()));
            }
            FlashReference reference;
            try {
                reference = waits.call("reference-read", Duration.ofMinutes(2), () -> FlashReference.read(stressed));
            } catch (LinuxException | Waits.TimedOut e) {
                throw new ScenarioSetupException("the reference read of " + stressed.node() + " failed: " + e.getMessage(), e);
            }

            console.log(String.format(Locale.ROOT, "reference: %s read in %d ms (%.2f MiB/s), sha256 %s",
                    Sizes.human(reference.size()), reference.readMillis(), reference.bytesPerSecond() / 1048576, reference.sha256()));
            Workload.Factory factory = workloads.apply(reference);
            long seed = plan.seed().orElseGet(System::nanoTime);
            SplittableRandom random = new SplittableRandom(seed);
            console.log("each cycle: " + factory.describe() + "; unbind " + plan.target() + "; bind; wait for " + plan.name()
                    + " (random seed " + seed + ")");
            progress.started(reference, seed);

            Optional<LeakCheck> leaks = plan.leakCheck() ? Optional.of(LeakCheck.system(console)) : Optional.empty();
            if (leaks.isPresent()) {
                leaks.get().start();
            }
            BindingGuard guard = new BindingGuard(binding, device, plan.target().driver(), console::log);
            guard.installShutdownHook();
            // A time-bounded run cannot know its plan: its cycles cap it, and cycles never run are no results.
            boolean timeBounded = plan.duration().isPresent();
            KtapStream ktap = console.ktap(plan.cycles() + 1);
            CycleBook book = new CycleBook(ktap, plan.cycles(), !timeBounded);
            CycleLoop<StressedDevice> loop = new CycleLoop<>(book, watcher, guard, console::log);
            ErrnoHistogram errors = new ErrnoHistogram();
            long[] bytes = {0};
            boolean[] matches = {true};
            int[] ok = {0};
            int[] run = {0}; // the book also counts the cycles it skips after a stop
            Optional<Long> deadline = plan.duration().map(d -> started + d.toNanos());
            Optional<String> stopped = loop.run(stressed, (cycle, current, diagnostics) -> {
                if (cycle == 1) {
                    diagnostics.add("reference: " + Sizes.human(reference.size()) + " read in " + reference.readMillis()
                            + " ms before any unbind, sha256 " + reference.sha256());
                }
                CycleData data = new CycleData(reference);
                CycleLoop.End<StressedDevice> end = cycle(current, factory.create(data, random), data, guard, waits, watcher, diagnostics);
                bytes[0] += data.bytes();
                matches[0] &= data.matches();
                errors.addAll(data.errors());
                ok[0] += end.ok() ? 1 : 0;
                run[0]++;
                progress.cycleEnded(cycle, end.ok(), bytes[0], errors);
                return end;
            }, deadline);
            // Once the binding is back, as a user would leave the board.
            if (leaks.isPresent()) {
                leaks.get().finish(ktap, stopped);
            }
            console.log("cycles took " + Waits.millisSince(started) + " ms");
            List<KtapTest> results = ktap.results();
            return new Result(plan.name(), plan.target(), seed, reference, run[0], ok[0], bytes[0], matches[0],
                    errors, stopped, watcher.reports(), watcher.lines(), results, System.nanoTime() - started, loop.restoreOutcome());
        }
    }

    private static String uptime() {
        try {
            return Files.readString(Path.of("/proc/uptime")).split(" ")[0] + " s";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * The device of {@code target}, which must exist and be bound to its driver: what a run
     * unbinds. The messages name what is missing (ENODEV) or bound instead.
     */
    public static DeviceRef boundDevice(DriverBinding binding, UnbindTarget target) throws IOException, ScenarioSetupException {
        DeviceRef device;
        try {
            device = binding.resolve(target.device());
        } catch (IllegalArgumentException e) {
            throw new ScenarioSetupException("no device to unbind: " + e.getMessage() + " (ENODEV)", e);
        }
        Optional<String> driver = binding.driverOf(device);
        if (!driver.equals(Optional.of(target.driver()))) {
            throw new ScenarioSetupException(device + " is bound to " + driver.orElse("no driver") + ", not " + target.driver()
                    + " (bind it first: echo " + device.name() + " > /sys/bus/" + device.bus() + "/drivers/" + target.driver() + "/bind)");
        }
        return device;
    }

    private StressedDevice findDevice(Waits waits) throws Exception {
        try {
            return waits.call("find-device", SETUP_DEVICE_TIMEOUT.plusSeconds(5),
                    () -> StressedDevice.await(plan.kind(), plan.name(), SETUP_DEVICE_TIMEOUT));
        } catch (TimeoutException e) {
            throw new ScenarioSetupException(e.getMessage(), e);
        }
    }

    /** Unbinding a device the stressed one does not hang off would stress nothing: a setup error, not a clean run. */
    public static void checkBelow(DriverBinding binding, DeviceRef device, StressedDevice stressed) throws IOException, ScenarioSetupException {
        Path deviceDirectory = binding.deviceDir(device).toRealPath();
        if (!stressed.sysfsDirectory().startsWith(deviceDirectory)) {
            throw new ScenarioSetupException(stressed.describe() + " is not below " + device
                    + ": unbinding it would not take the " + stressed.kind().label() + " away");
        }
    }

    private CycleLoop.End<StressedDevice> cycle(StressedDevice stressed, Workload workload, CycleData data, BindingGuard guard,
                                                Waits waits, KernelReportWatcher watcher, List<String> diagnostics) throws Exception {
        diagnostics.add(stressed.name() + " is " + stressed.node());
        try {
            if (!workload.start(stressed, diagnostics, waits)) {
                return CycleLoop.End.problem(diagnostics, "the device did not work before the unbind");
            }
            long unbindStart = System.nanoTime();
            Optional<String> unbindProblem = Waits.bindingStep(waits, "unbind", UNBIND_TIMEOUT, guard::unbind,
                    "unbind " + guard.device(), "unbind " + guard.device());
            if (unbindProblem.isPresent()) {
                return CycleLoop.End.problem(diagnostics, unbindProblem.get());
            }
            diagnostics.add("unbind " + guard.device() + " from " + guard.driver() + " took " + Waits.millisSince(unbindStart) + " ms");
            boolean ended = workload.finish(unbindStart, diagnostics, waits);
            diagnostics.add(data.summary());
            if (!ended) {
                return CycleLoop.End.problem(diagnostics, "the readers did not end cleanly");
            }
            if (!plan.unboundFor().isZero()) {
                waits.sleep(plan.unboundFor());
                diagnostics.add("left unbound for " + plan.unboundFor().toMillis() + " ms after the readers ended");
            }

            long bindStart = System.nanoTime();
            Optional<String> bindProblem = Waits.bindingStep(waits, "bind", BIND_TIMEOUT, guard::bind,
                    "bind " + guard.device(), "bind " + guard.device() + " to " + guard.driver());
            if (bindProblem.isPresent()) {
                return CycleLoop.End.problem(diagnostics, bindProblem.get());
            }
            long bindMillis = Waits.millisSince(bindStart);
            Optional<StressedDevice> back = awaitDevice(stressed, waits, diagnostics);
            if (back.isEmpty()) {
                return CycleLoop.End.stop("the " + plan.kind().label() + " did not come back");
            }
            diagnostics.add("bind took " + bindMillis + " ms; " + plan.name() + " back as " + back.get().node() + " "
                    + Waits.millisSince(bindStart) + " ms after the bind started");
            waits.sync();
            // Wrong data is a finding, not a reason to stop: the device is back and usable.
            return CycleLoop.End.next(data.matches(), back.get());
        } catch (KernelReported e) {
            workload.state().forEach(line -> diagnostics.add("at the report: " + line));
            workload.abandon();
            if (diagnostics.stream().noneMatch(d -> d.startsWith(CycleData.SUMMARY_START))) {
                diagnostics.add(data.summary());
            }
            diagnostics.add("kernel report " + Waits.millisSince(e.report().seenNanos()) + " ms ago: " + e.report().line());
            if (plan.keepGoing()) {
                return goOn(stressed, guard, waits, watcher, diagnostics);
            }
            return CycleLoop.End.stop("kernel report");
        } finally {
            workload.abandon();
        }
    }

    /** {@code --keep-going} after a report: bind again if needed and go on with the device as it comes back. */
    private CycleLoop.End<StressedDevice> goOn(StressedDevice before, BindingGuard guard, Waits waits, KernelReportWatcher watcher,
                                               List<String> diagnostics)
            throws Exception {
        // Let the report finish printing before it is acknowledged, or its tail would stop the next wait.
        watcher.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(10));
        watcher.acknowledge();
        diagnostics.add("keep going: " + guard.restore(BIND_TIMEOUT));
        try {
            Optional<StressedDevice> back = awaitDevice(before, waits, diagnostics);
            return back.isPresent() ? CycleLoop.End.next(false, back.get())
                    : CycleLoop.End.stop("the " + plan.kind().label() + " did not come back");
        } catch (KernelReported again) {
            diagnostics.add("another kernel report while binding again: " + again.report().line());
            return CycleLoop.End.stop("kernel report");
        }
    }

    private Optional<StressedDevice> awaitDevice(StressedDevice before, Waits waits, List<String> diagnostics) throws Exception {
        try {
            StressedDevice back = waits.call("await-device", DEVICE_RETURN_TIMEOUT.plusSeconds(5),
                    () -> before.awaitAgain(DEVICE_RETURN_TIMEOUT));
            if (!back.name().equals(before.name())) {
                diagnostics.add(before.name() + " came back as " + back.name() + ", the one " + before.kind().label() + " of "
                        + back.sysfsDirectory().getParent());
            }
            return Optional.of(back);
        } catch (TimeoutException | Waits.TimedOut e) {
            diagnostics.add("PROBLEM " + before.name() + " did not come back within " + DEVICE_RETURN_TIMEOUT.toSeconds()
                    + " s after the bind: " + e.getMessage());
            return Optional.empty();
        }
    }
}
