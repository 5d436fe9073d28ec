package dev.unbindlab.scenario.spinor;

import dev.unbindlab.scenario.unbind.BindingGuard;
import dev.unbindlab.scenario.unbind.CycleBook;
import dev.unbindlab.scenario.unbind.CycleLoop;
import dev.unbindlab.scenario.unbind.KernelReportWatcher;
import dev.unbindlab.scenario.unbind.KernelReported;
import dev.unbindlab.scenario.unbind.Waits;
import dev.unbindlab.ktap.KtapStream;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.mtd.MtdDirectory;
import dev.unbindlab.linux.mtd.MtdEntry;
import dev.unbindlab.linux.sysfs.DeviceRef;
import dev.unbindlab.linux.sysfs.DriverBinding;
import dev.unbindlab.linux.sysfs.Sysfs;
import dev.unbindlab.scenario.GuestContext;
import dev.unbindlab.scenario.LeakCheck;
import dev.unbindlab.scenario.ScenarioSetupException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The cycle all spi-nor unbind scenarios share: readers running → unbind → observe → rebind →
 * wait for the MTD by name. One KTAP result {@code cycle-N} per cycle; the run stops at the first
 * kernel report (or a cycle that leaves the device unusable) and skips the cycles left.
 *
 * <p>This thread writes the KTAP and does nothing else that can block in the kernel: reads,
 * sysfs writes and even the MTD lookup (sysfs attributes of an MTD freed under an open file)
 * run on daemon threads ({@link Waits#call}). An oops kills the thread in whose system call it
 * happens; every KTAP line already written is on the host (one flush per line), and this
 * thread notices the report within milliseconds and writes the cycle's result and the SKIPs at
 * once.
 *
 * <p>After a kernel report the binding is left as it is: measured on vanilla 7.3.4, the oopsed
 * reader dies holding the spi-nor lock (the other readers then sleep in D state for good) and
 * binding the controller again never returned and kept a CPU busy (a thread in R state 30 s
 * later). The boot is spent either way; the console says the binding was not restored.
 */
final class UnbindCycleEngine {

    static final Duration SETUP_MTD_TIMEOUT = Duration.ofSeconds(30);
    static final Duration UNBIND_TIMEOUT = Duration.ofSeconds(30);
    static final Duration BIND_TIMEOUT = Duration.ofSeconds(30);
    static final Duration MTD_RETURN_TIMEOUT = Duration.ofSeconds(15);

    private final GuestContext guest;
    private final UnbindTarget target;
    private final int cycles;

    UnbindCycleEngine(GuestContext guest, UnbindTarget target, int cycles) {
        this.guest = guest;
        this.target = target;
        this.cycles = cycles;
    }

    /** {@code workloads} is built from the reference read (e.g. sized from the measured speed). */
    void run(Function<FlashReference, Workload.Factory> workloads) throws Exception {
        long started = System.nanoTime();
        try (KernelReportWatcher watcher = new KernelReportWatcher(guest::log)) {
            ProcessHandle.current().info().startInstant().ifPresent(jvmStart -> guest.log("JVM started "
                    + Duration.between(jvmStart, Instant.now()).toMillis() + " ms ago; guest uptime " + uptime()));
            watcher.start();
            Waits waits = new Waits(watcher);
            DriverBinding binding = new DriverBinding(Sysfs.system());
            DeviceRef device = resolveTarget(binding);
            MtdEntry mtd = findMtd(waits);
            if (target.mtdParent()) {
                DeviceRef parent = binding.resolve(mtd.deviceNode().toString());
                if (!parent.equals(device)) {
                    throw new ScenarioSetupException(SpiNorRig.MTD_NAME + " hangs off " + parent + ", not " + device);
                }
            }
            if (mtd.size() != SpiNorRig.FLASH_SIZE) {
                throw new ScenarioSetupException(SpiNorRig.MTD_NAME + " has " + mtd.size() + " bytes, expected the "
                        + Sizes.human(SpiNorRig.FLASH_SIZE) + " n25q128");
            }
            FlashReference reference;
            try {
                reference = waits.call("reference-read", Duration.ofMinutes(2),
                        () -> FlashReference.read(mtd.deviceNode(), mtd.size()));
            } catch (LinuxException | Waits.TimedOut e) {
                throw new ScenarioSetupException("the reference read of " + mtd.deviceNode() + " failed: " + e.getMessage(), e);
            }

            guest.log(String.format(Locale.ROOT, "reference: %s read in %d ms (%.2f MiB/s), sha256 %s",
                    Sizes.human(reference.size()), reference.readMillis(), reference.bytesPerSecond() / 1048576, reference.sha256()));
            Workload.Factory factory = workloads.apply(reference);
            long seed = System.nanoTime();
            SplittableRandom random = new SplittableRandom(seed);
            guest.log("each cycle: " + factory.describe() + "; unbind " + target + "; bind; wait for " + SpiNorRig.MTD_NAME
                    + " (random seed " + seed + ")");

            LeakCheck leaks = LeakCheck.system(guest);
            leaks.start();
            BindingGuard guard = new BindingGuard(binding, device, target.driver(), guest::log);
            guard.installShutdownHook();
            KtapStream ktap = guest.ktap(cycles + 1);
            CycleBook book = new CycleBook(ktap, cycles);
            CycleLoop<MtdEntry> loop = new CycleLoop<>(book, watcher, guard, guest::log);
            Optional<String> noLeakCheck = loop.run(mtd, (cycle, current, diagnostics) -> {
                if (cycle == 1) {
                    diagnostics.add("reference: " + Sizes.human(reference.size()) + " read in " + reference.readMillis()
                            + " ms before any unbind, sha256 " + reference.sha256());
                }
                CycleData data = new CycleData(reference);
                return cycle(current, factory.create(data, random), data, guard, waits, diagnostics);
            });
            // Once the binding is back, as a user would leave the board.
            leaks.finish(ktap, noLeakCheck);
            guest.log("spi-nor cycles took " + Waits.millisSince(started) + " ms");
        }
    }

    private static String uptime() {
        try {
            return Files.readString(Path.of("/proc/uptime")).split(" ")[0] + " s";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private DeviceRef resolveTarget(DriverBinding binding) throws Exception {
        DeviceRef device;
        try {
            device = binding.resolve(target.device());
        } catch (IllegalArgumentException e) {
            throw new ScenarioSetupException("no device to unbind: " + e.getMessage(), e);
        }
        Optional<String> driver = binding.driverOf(device);
        if (!driver.equals(Optional.of(target.driver()))) {
            throw new ScenarioSetupException(device + " is bound to " + driver.orElse("no driver") + ", not " + target.driver());
        }
        return device;
    }

    private MtdEntry findMtd(Waits waits) throws Exception {
        try {
            return waits.call("find-mtd", SETUP_MTD_TIMEOUT.plusSeconds(5),
                    () -> MtdDirectory.system().awaitByName(SpiNorRig.MTD_NAME, SETUP_MTD_TIMEOUT));
        } catch (TimeoutException e) {
            throw new ScenarioSetupException(e.getMessage(), e);
        }
    }

    private CycleLoop.End<MtdEntry> cycle(MtdEntry mtd, Workload workload, CycleData data, BindingGuard guard, Waits waits,
                           List<String> diagnostics) throws Exception {
        diagnostics.add(SpiNorRig.MTD_NAME + " is " + mtd.deviceNode());
        try {
            if (!workload.start(mtd, diagnostics, waits)) {
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

            long bindStart = System.nanoTime();
            Optional<String> bindProblem = Waits.bindingStep(waits, "bind", BIND_TIMEOUT, guard::bind,
                    "bind " + guard.device(), "bind " + guard.device() + " to " + guard.driver());
            if (bindProblem.isPresent()) {
                return CycleLoop.End.problem(diagnostics, bindProblem.get());
            }
            long bindMillis = Waits.millisSince(bindStart);
            MtdEntry back;
            try {
                back = waits.call("await-mtd", MTD_RETURN_TIMEOUT.plusSeconds(5),
                        () -> MtdDirectory.system().awaitByName(SpiNorRig.MTD_NAME, MTD_RETURN_TIMEOUT));
            } catch (TimeoutException | Waits.TimedOut e) {
                return CycleLoop.End.problem(diagnostics, SpiNorRig.MTD_NAME + " did not come back within " + MTD_RETURN_TIMEOUT.toSeconds()
                        + " s after the bind: " + e.getMessage());
            }
            diagnostics.add("bind took " + bindMillis + " ms; " + SpiNorRig.MTD_NAME + " back as " + back.deviceNode() + " "
                    + Waits.millisSince(bindStart) + " ms after the bind started");
            waits.sync();
            // Wrong data is a finding, not a reason to stop: the device is back and usable.
            return CycleLoop.End.next(data.matches(), back);
        } catch (KernelReported e) {
            workload.state().forEach(line -> diagnostics.add("at the report: " + line));
            workload.abandon();
            if (diagnostics.stream().noneMatch(d -> d.startsWith(CycleData.SUMMARY_START))) {
                diagnostics.add(data.summary());
            }
            diagnostics.add("kernel report " + Waits.millisSince(e.report().seenNanos()) + " ms ago: " + e.report().line());
            return CycleLoop.End.stop("kernel report");
        } finally {
            workload.abandon();
        }
    }
}
