package dev.unbindlab.scenario.nvmem;

import dev.unbindlab.ktap.KtapStream;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.NativeFile;
import dev.unbindlab.linux.nvmem.Nvmem;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * The cycle of the nvmem scenarios: [consumer loaded, holding the device and a cell] → sysfs file
 * held open [, sysfs readers looping] → unbind (at24 from the EEPROM, or piix4_smbus from the
 * adapter) → read through the consumer, the held file and the sysfs path → [consumer unloaded]
 * → bind → [EEPROM instantiated again] → nvmem device back, its data checked. One KTAP result per
 * cycle, then the kmemleak result. Stops at the first kernel report, like the spi-nor engine,
 * and for the same reason every call that may block in the kernel runs on a daemon thread.
 *
 * <p>Data checks are byte for byte against a pattern the scenario writes into the EEPROM at the
 * start (QEMU's SPD EEPROM reads as zeros, which freed memory could match).
 */
final class NvmemCycleEngine {

    static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    static final Duration RETURN_TIMEOUT = Duration.ofSeconds(15);

    /**
     * @param consumer     the nvmem-consumer module holds the device and a cell across the unbind
     * @param adapter      unbind the I2C adapter (piix4_smbus) instead of the EEPROM (at24)
     * @param sysfsReaders user-space readers looping on the sysfs file during the unbind
     */
    record Mode(boolean consumer, boolean adapter, int sysfsReaders) {
    }

    private final GuestContext guest;
    private final Mode mode;
    private final int cycles;
    private final Sysfs sysfs = Sysfs.system();
    private final SmbusEeprom eeprom = new SmbusEeprom(sysfs);
    private final Nvmem nvmem = eeprom.nvmem();
    private final ConsumerModule consumer = ConsumerModule.system();
    private final ErrnoHistogram runOutcomes = new ErrnoHistogram();

    NvmemCycleEngine(GuestContext guest, Mode mode, int cycles) {
        this.guest = guest;
        this.mode = mode;
        this.cycles = cycles;
    }

    /** Where the EEPROM is now: it moves when the adapter comes back (new client, new nvmem id). */
    private record Location(String adapter, String client, String nvmem) {
    }

    void run() throws Exception {
        long started = System.nanoTime();
        try (KernelReportWatcher watcher = new KernelReportWatcher(guest::log)) {
            watcher.start();
            Waits waits = new Waits(watcher);
            guest.modprobe("i2c-piix4");
            guest.modprobe(SmbusEeprom.PROVIDER_DRIVER);
            Location location = locate(waits, eeprom.awaitAdapter(RETURN_TIMEOUT));
            DriverBinding binding = new DriverBinding(sysfs);
            DeviceRef target = mode.adapter() ? eeprom.adapterDevice(binding, location.adapter())
                    : binding.resolve("i2c/" + location.client());
            String driver = mode.adapter() ? SmbusEeprom.ADAPTER_DRIVER : SmbusEeprom.PROVIDER_DRIVER;
            if (!binding.driverOf(target).equals(Optional.of(driver))) {
                throw new ScenarioSetupException(target + " is bound to " + binding.driverOf(target).orElse("no driver")
                        + ", not " + driver);
            }
            byte[] reference = writeReference(location.nvmem());
            guest.log("reference: " + reference.length + " bytes written to " + location.nvmem() + " and read back; each cycle: "
                    + describe(target, driver));

            LeakCheck leaks = LeakCheck.system(guest);
            leaks.start();
            BindingGuard guard = new BindingGuard(binding, target, driver, guest::log);
            guard.installShutdownHook();
            KtapStream ktap = guest.ktap(cycles + 1);
            CycleBook book = new CycleBook(ktap, cycles);
            SplittableRandom random = new SplittableRandom();
            Optional<String> noLeakCheck = new CycleLoop<Location>(book, watcher, guard, guest::log)
                    .run(location, (cycle, at, diagnostics) -> cycle(at, reference, guard, waits, random, diagnostics));
            guest.log("outcomes over the run: " + runOutcomes);
            // The consumer is unloaded and the provider bound: everything a cycle allocated is freed by now.
            leaks.finish(ktap, noLeakCheck);
            guest.log("nvmem cycles took " + Waits.millisSince(started) + " ms");
        }
    }

    private String describe(DeviceRef target, String driver) {
        List<String> steps = new ArrayList<>();
        if (mode.consumer()) {
            steps.add("load " + ConsumerModule.MODULE + " (holds the nvmem device and a " + ConsumerModule.CELL_BYTES + "-byte cell)");
        }
        steps.add("hold the sysfs nvmem file open");
        if (mode.sysfsReaders() > 0) {
            steps.add(mode.sysfsReaders() + " sysfs readers loop");
        }
        steps.add("unbind " + target + " from " + driver);
        steps.add("read through " + (mode.consumer() ? "the consumer, " : "") + "the held file and the sysfs path");
        if (mode.consumer()) {
            steps.add("unload the consumer");
        }
        steps.add("bind" + (mode.adapter() ? ", instantiate the EEPROM again" : "") + ", wait for the nvmem device, check its data");
        return String.join("; ", steps);
    }

    /** Writes a random pattern (QEMU's EEPROM starts as zeros) and checks that it reads back. */
    private byte[] writeReference(String device) throws Exception {
        byte[] pattern = new byte[SmbusEeprom.EEPROM_SIZE];
        long seed = System.nanoTime();
        new SplittableRandom(seed).nextBytes(pattern);
        try {
            nvmem.write(device, 0, pattern);
            byte[] back = nvmem.readAll(device);
            if (!Arrays.equals(back, pattern)) {
                throw new ScenarioSetupException(device + " did not keep the pattern written to it (seed " + seed + "): read "
                        + HexFormat.of().formatHex(back, 0, Math.min(16, back.length)) + "...");
            }
        } catch (LinuxException e) {
            throw new ScenarioSetupException("cannot write the reference pattern to " + device + ": " + e.getMessage(), e);
        }
        return pattern;
    }

    private Location locate(Waits waits, String adapter) throws Exception {
        String client = eeprom.instantiate(adapter);
        String device = waits.call("await-nvmem", RETURN_TIMEOUT.plusSeconds(5), () -> eeprom.awaitNvmem(client, RETURN_TIMEOUT));
        return new Location(adapter, client, device);
    }

    private CycleLoop.End<Location> cycle(Location at, byte[] reference, BindingGuard guard, Waits waits, SplittableRandom random,
                           List<String> diagnostics) throws Exception {
        ErrnoHistogram outcomes = new ErrnoHistogram();
        List<String> mismatches = new ArrayList<>();
        byte[] cell = Arrays.copyOfRange(reference, ConsumerModule.CELL_OFFSET, ConsumerModule.CELL_OFFSET + ConsumerModule.CELL_BYTES);
        SysfsReaders readers = null;
        NativeFile held = null;
        try {
            diagnostics.add("nvmem device " + at.nvmem() + " of " + at.client());
            if (mode.consumer()) {
                waits.step("load-consumer", STEP_TIMEOUT, () -> {
                    guest.modprobe(ConsumerModule.MODULE, ConsumerModule.parameters(at.nvmem(), true).toArray(String[]::new));
                    return null;
                });
                check("consumer device read before the unbind", waits.step("consumer-read", STEP_TIMEOUT, () -> consumer.deviceRead(0, reference.length)),
                        reference, mismatches);
                check("consumer cell read before the unbind", waits.step("cell-read", STEP_TIMEOUT, consumer::cellRead), cell, mismatches);
            }
            check("sysfs read before the unbind", waits.step("sysfs-read", STEP_TIMEOUT, () -> nvmem.read(at.nvmem(), 0, reference.length)),
                    reference, mismatches);
            held = nvmem.open(at.nvmem());
            if (mode.sysfsReaders() > 0) {
                readers = new SysfsReaders(nvmem, at.nvmem(), reference, outcomes);
                readers.start(mode.sysfsReaders());
                // A whole-device read of the EEPROM takes about 0.4 s under TCG: land the unbind inside one.
                waits.sleep(Duration.ofMillis(100 + random.nextInt(400)));
            }

            long unbindStart = System.nanoTime();
            Optional<String> unbindProblem = Waits.bindingStep(waits, "unbind", STEP_TIMEOUT, guard::unbind,
                    "unbind " + guard.device(), "unbind " + guard.device());
            if (unbindProblem.isPresent()) {
                return CycleLoop.End.problem(diagnostics, unbindProblem.get());
            }
            diagnostics.add("unbind " + guard.device() + " from " + guard.driver() + " took " + Waits.millisSince(unbindStart) + " ms");

            NativeFile file = held;
            after("held-sysfs-read", waits, () -> file.preadBytes(0, reference.length), reference, outcomes, mismatches);
            if (mode.consumer()) {
                after("consumer-read", waits, () -> consumer.deviceRead(0, reference.length), reference, outcomes, mismatches);
                after("cell-read", waits, consumer::cellRead, cell, outcomes, mismatches);
            }
            after("sysfs-read", waits, () -> nvmem.read(at.nvmem(), 0, reference.length), reference, outcomes, mismatches);
            if (readers != null) {
                boolean stopped = readers.stop(STEP_TIMEOUT);
                diagnostics.add("sysfs readers: " + readers.reads() + " whole-device reads, " + readers.mismatches() + " mismatching");
                if (readers.mismatches() > 0) {
                    mismatches.add(readers.mismatches() + " sysfs reader reads differ from the reference");
                }
                if (!stopped) {
                    return CycleLoop.End.problem(diagnostics, "a sysfs reader did not return within " + STEP_TIMEOUT.toSeconds() + " s");
                }
                waits.check();
            }
            held.close();
            held = null;
            diagnostics.add("after the unbind: " + outcomes);
            runOutcomes.addAll(outcomes);

            if (mode.consumer()) {
                waits.step("unload-consumer", STEP_TIMEOUT, () -> {
                    guest.unload(ConsumerModule.MODULE);
                    return null;
                });
            }
            long bindStart = System.nanoTime();
            Optional<String> bindProblem = Waits.bindingStep(waits, "bind", STEP_TIMEOUT, guard::bind,
                    "bind " + guard.device(), "bind " + guard.device() + " to " + guard.driver());
            if (bindProblem.isPresent()) {
                return CycleLoop.End.problem(diagnostics, bindProblem.get());
            }
            Location back;
            try {
                String adapter = mode.adapter()
                        ? waits.call("await-adapter", RETURN_TIMEOUT.plusSeconds(5), () -> eeprom.awaitAdapter(RETURN_TIMEOUT))
                        : at.adapter();
                back = locate(waits, adapter);
            } catch (ScenarioSetupException | Waits.TimedOut e) {
                return CycleLoop.End.problem(diagnostics, "the nvmem device did not come back after the bind: " + e.getMessage());
            }
            diagnostics.add("bind took " + Waits.millisSince(bindStart) + " ms to " + back.nvmem() + " of " + back.client());
            check("sysfs read after the bind", waits.step("sysfs-read-again", STEP_TIMEOUT, () -> nvmem.readAll(back.nvmem())), reference, mismatches);
            waits.sync();
            mismatches.forEach(m -> diagnostics.add("DATA MISMATCH " + m));
            return CycleLoop.End.next(mismatches.isEmpty(), back);
        } catch (KernelReported e) {
            diagnostics.add("after the unbind so far: " + outcomes);
            diagnostics.add("kernel report " + Waits.millisSince(e.report().seenNanos()) + " ms ago: " + e.report().line());
            return CycleLoop.End.stop("kernel report");
        } catch (StepFailed e) {
            return CycleLoop.End.problem(diagnostics, e.getMessage());
        } finally {
            if (readers != null) {
                readers.stop(Duration.ZERO);
            }
            if (held != null) {
                held.close();
            }
        }
    }

    /** A read after the unbind: its errno is an outcome to count; data it returns must still be right. */
    private static void after(String name, Waits waits, Callable<byte[]> read, byte[] expected, ErrnoHistogram outcomes,
                              List<String> mismatches) throws KernelReported, StepFailed {
        try {
            byte[] data = waits.call(name, STEP_TIMEOUT, read);
            outcomes.add(name + " ok");
            check(name + " after the unbind", data, expected, mismatches);
        } catch (LinuxException e) {
            outcomes.add(name + " " + e.errnoName());
        } catch (KernelReported e) {
            throw e;
        } catch (Waits.TimedOut e) {
            throw new StepFailed(e.getMessage(), e);
        } catch (Exception e) {
            throw new StepFailed(name + " failed: " + e.getMessage(), e);
        }
    }

    private static void check(String what, byte[] data, byte[] expected, List<String> mismatches) {
        if (!Arrays.equals(data, expected)) {
            int at = Arrays.mismatch(data, expected);
            mismatches.add(what + ": " + data.length + " bytes, differs from the reference at offset " + at);
        }
    }
}
