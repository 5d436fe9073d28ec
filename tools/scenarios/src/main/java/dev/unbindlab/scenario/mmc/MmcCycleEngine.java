package dev.unbindlab.scenario.mmc;

import dev.unbindlab.ktap.KtapStream;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.NativeFile;
import dev.unbindlab.linux.fs.Mount;
import dev.unbindlab.linux.sysfs.DeviceRef;
import dev.unbindlab.linux.sysfs.DriverBinding;
import dev.unbindlab.linux.sysfs.Sysfs;
import dev.unbindlab.scenario.GuestContext;
import dev.unbindlab.scenario.LeakCheck;
import dev.unbindlab.scenario.ScenarioSetupException;
import dev.unbindlab.scenario.unbind.BindingGuard;
import dev.unbindlab.scenario.unbind.CycleBook;
import dev.unbindlab.scenario.unbind.CycleLoop;
import dev.unbindlab.scenario.unbind.ErrnoHistogram;
import dev.unbindlab.scenario.unbind.KernelReportWatcher;
import dev.unbindlab.scenario.unbind.KernelReported;
import dev.unbindlab.scenario.unbind.StepFailed;
import dev.unbindlab.scenario.unbind.Waits;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The cycle of the MMC scenarios: mount the card's ext4 → write a reference file and fsync it →
 * writers, a file reader and a raw block reader running → the card goes (QMP eject, or
 * sdhci-pci unbound) → wait for its disk to leave sysfs, keep the I/O going a moment → stop
 * the workers (each must return: a task stuck in D state is a finding) → unmount (must work:
 * nothing may pin the dead mount) → the card comes back → its disk reappears under the same
 * controller → mount, check the reference files byte for byte → unmount. One KTAP result per
 * cycle, then kmemleak. Stops at the first kernel report, as the other unbind engines do.
 */
final class MmcCycleEngine {

    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    /** Longer than the guest kernel's hung-task timeout (30 s): a stuck worker is reported by the kernel first. */
    static final Duration WORKER_STOP_TIMEOUT = Duration.ofSeconds(60);
    static final Duration CARD_TIMEOUT = Duration.ofSeconds(20);
    static final String MOUNT_POINT = "/tmp/unbindlab-card";
    static final String FILE_SYSTEM = "ext4";
    static final int REFERENCE_BYTES = 256 * 1024;
    static final int WRITERS = 2;

    private final GuestContext guest;
    private final boolean controllerUnbind;
    private final int cycles;
    private final Sysfs sysfs = Sysfs.system();
    private final ErrnoHistogram runOutcomes = new ErrnoHistogram();
    private final long seed = System.nanoTime();
    private boolean mounted;

    MmcCycleEngine(GuestContext guest, boolean controllerUnbind, int cycles) {
        this.guest = guest;
        this.controllerUnbind = controllerUnbind;
        this.cycles = cycles;
    }

    void run() throws Exception {
        long started = System.nanoTime();
        try (KernelReportWatcher watcher = new KernelReportWatcher(guest::log)) {
            watcher.start();
            Waits waits = new Waits(watcher);
            SdhciSlot slot = SdhciSlot.find(sysfs);
            if (!waits.until(() -> disk(slot).isPresent(), CARD_TIMEOUT)) {
                throw new ScenarioSetupException("no card disk under " + slot.controller() + " after " + CARD_TIMEOUT.toSeconds() + " s");
            }
            String disk = disk(slot).orElseThrow();
            Files.createDirectories(Path.of(MOUNT_POINT));
            CardRemoval removal = removal(slot);
            guest.log("card /dev/" + disk + " under " + slot.controller() + "; each cycle: mount it (" + FILE_SYSTEM + "), write and fsync a "
                    + REFERENCE_BYTES / 1024 + " KiB reference file, run " + WRITERS + " writers, a file reader and a raw reader, "
                    + removal.describe() + ", stop the I/O, unmount, put the card back, check the reference files (seed " + seed + ")");

            LeakCheck leaks = LeakCheck.system(guest);
            leaks.start();
            KtapStream ktap = guest.ktap(cycles + 1);
            CycleBook book = new CycleBook(ktap, cycles);
            SplittableRandom random = new SplittableRandom(seed);
            Optional<String> noLeakCheck;
            try {
                noLeakCheck = new CycleLoop<String>(book, watcher, removal, guest::log)
                        .run(disk, (cycle, current, diagnostics) -> cycle(cycle, current, slot, removal, waits, random, diagnostics));
            } finally {
                if (mounted && watcher.report().isEmpty()) {
                    guest.log("cleanup: detaching " + MOUNT_POINT);
                    Mount.detach(MOUNT_POINT);
                }
            }
            guest.log("outcomes over the run: " + runOutcomes);
            leaks.finish(ktap, noLeakCheck);
            guest.log("mmc cycles took " + Waits.millisSince(started) + " ms");
        }
    }

    private CardRemoval removal(SdhciSlot slot) throws Exception {
        if (controllerUnbind) {
            DriverBinding binding = new DriverBinding(sysfs);
            BindingGuard guard = new BindingGuard(binding, new DeviceRef("pci", slot.controller()), SdhciSlot.DRIVER, guest::log);
            guard.installShutdownHook();
            return new ControllerUnbind(guard);
        }
        QemuCardSlot card = QemuCardSlot.open(guest.hostMonitor(), guest::log);
        card.installShutdownHook();
        return card;
    }

    private static Optional<String> disk(SdhciSlot slot) {
        try {
            return slot.disk();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** The reference file of a cycle: its content follows from the run's seed, so any earlier one can be checked again. */
    private byte[] reference(int cycle) {
        byte[] data = new byte[REFERENCE_BYTES];
        new SplittableRandom(seed + cycle).nextBytes(data);
        return data;
    }

    private static String referenceName(int cycle) {
        return "ref-" + cycle + ".bin";
    }

    private CycleLoop.End<String> cycle(int cycle, String disk, SdhciSlot slot, CardRemoval removal, Waits waits,
                                        SplittableRandom random, List<String> diagnostics) throws Exception {
        ErrnoHistogram outcomes = new ErrnoHistogram();
        List<String> problems = new ArrayList<>();
        CardWorkers workers = null;
        try {
            waits.step("mount", STEP_TIMEOUT, () -> mount(disk));
            byte[] reference = reference(cycle);
            waits.step("write-reference", STEP_TIMEOUT, () -> writeSynced(referenceName(cycle), reference));

            workers = new CardWorkers(MOUNT_POINT, disk, referenceName(cycle), reference, outcomes);
            workers.start(WRITERS);
            waits.sleep(Duration.ofMillis(200 + random.nextInt(600)));

            workers.removalStarts();
            long removeStart = System.nanoTime();
            Optional<String> removeProblem = Waits.bindingStep(waits, "remove", STEP_TIMEOUT, removal::remove,
                    removal.describe(), removal.describe());
            if (removeProblem.isPresent()) {
                return CycleLoop.End.problem(diagnostics, removeProblem.get());
            }
            if (!waits.until(() -> disk(slot).isEmpty(), CARD_TIMEOUT)) {
                return CycleLoop.End.problem(diagnostics, "/dev/" + disk + " still in sysfs " + CARD_TIMEOUT.toSeconds() + " s after: " + removal.describe());
            }
            diagnostics.add("removal: " + removal.describe() + ", /dev/" + disk + " gone after " + Waits.millisSince(removeStart) + " ms");
            waits.sleep(Duration.ofMillis(500));

            CardWorkers running = workers;
            workers = null;
            if (!waits.call("stop-workers", WORKER_STOP_TIMEOUT.plusSeconds(5), () -> running.stop(WORKER_STOP_TIMEOUT))) {
                diagnostics.add("I/O so far: " + running.totals() + "; " + outcomes);
                return CycleLoop.End.problem(diagnostics, "an I/O worker did not return within " + WORKER_STOP_TIMEOUT.toSeconds() + " s of the removal");
            }
            diagnostics.add("I/O: " + running.totals());
            diagnostics.add("failed calls: " + outcomes);
            problems.addAll(running.problems());
            runOutcomes.addAll(outcomes);

            Optional<String> unmountProblem = unmount(waits, "after the removal");
            if (unmountProblem.isPresent()) {
                return CycleLoop.End.problem(diagnostics, unmountProblem.get());
            }

            long insertStart = System.nanoTime();
            Optional<String> insertProblem = Waits.bindingStep(waits, "insert", STEP_TIMEOUT, removal::insert,
                    "putting the card back", "putting the card back");
            if (insertProblem.isPresent()) {
                return CycleLoop.End.problem(diagnostics, insertProblem.get());
            }
            if (!waits.until(() -> disk(slot).isPresent(), CARD_TIMEOUT)) {
                return CycleLoop.End.problem(diagnostics, "no card disk under " + slot.controller() + " " + CARD_TIMEOUT.toSeconds() + " s after putting the card back");
            }
            String back = disk(slot).orElseThrow();
            diagnostics.add("card back as /dev/" + back + " after " + Waits.millisSince(insertStart) + " ms"
                    + (back.equals(disk) ? "" : " (was " + disk + ": the old disk's index was still taken)"));

            waits.step("mount-again", STEP_TIMEOUT, () -> mount(back));
            for (int earlier : cycle == 1 ? List.of(1) : List.of(1, cycle)) {
                byte[] read = waits.step("check-reference", STEP_TIMEOUT, () -> NativeFile.readBytes(MOUNT_POINT + "/" + referenceName(earlier), 0, REFERENCE_BYTES + 1));
                if (!Arrays.equals(read, reference(earlier))) {
                    problems.add("DATA MISMATCH " + referenceName(earlier) + " (synced in cycle " + earlier + "): " + read.length
                            + " bytes, differs at offset " + Arrays.mismatch(read, reference(earlier)));
                }
            }
            Optional<String> again = unmount(waits, "after the check");
            if (again.isPresent()) {
                return CycleLoop.End.problem(diagnostics, again.get());
            }
            waits.sync();
            problems.forEach(p -> diagnostics.add("PROBLEM " + p));
            return CycleLoop.End.next(problems.isEmpty(), back);
        } catch (KernelReported e) {
            diagnostics.add("failed calls so far: " + outcomes);
            diagnostics.add("kernel report " + Waits.millisSince(e.report().seenNanos()) + " ms ago: " + e.report().line());
            return CycleLoop.End.stop("kernel report");
        } catch (StepFailed e) {
            problems.forEach(p -> diagnostics.add("PROBLEM " + p));
            return CycleLoop.End.problem(diagnostics, e.getMessage());
        } finally {
            if (workers != null) {
                workers.stop(Duration.ZERO);
            }
        }
    }

    private Void mount(String disk) throws LinuxException {
        Mount.mount("/dev/" + disk, MOUNT_POINT, FILE_SYSTEM, Set.of(Mount.Flag.NO_ATIME), "");
        mounted = true;
        return null;
    }

    /** Writes {@code name}, fsyncs it and the directory: after this the data is the card's, whatever happens to the system. */
    private static Void writeSynced(String name, byte[] data) throws LinuxException {
        try (NativeFile file = NativeFile.createTruncated(MOUNT_POINT + "/" + name)) {
            file.pwriteBytes(data, 0);
            file.fsync();
        }
        try (NativeFile directory = NativeFile.openReadOnly(MOUNT_POINT)) {
            directory.fsync();
        }
        return null;
    }

    /** A plain umount(2): EBUSY means something still pins the mount of a card that is gone. */
    private Optional<String> unmount(Waits waits, String when) throws KernelReported {
        try {
            waits.call("unmount", STEP_TIMEOUT, () -> {
                Mount.unmount(MOUNT_POINT);
                return null;
            });
            mounted = false;
            return Optional.empty();
        } catch (KernelReported e) {
            throw e;
        } catch (Exception e) {
            return Optional.of("cannot unmount " + MOUNT_POINT + " " + when + ": " + e.getMessage());
        }
    }
}
