package dev.unbindlab.scenario.stresscli;

import dev.unbindlab.ktap.Ktap;
import dev.unbindlab.ktap.KtapDocument;
import dev.unbindlab.ktap.KtapStream;
import dev.unbindlab.ktap.KtapTest;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.mtd.MtdDirectory;
import dev.unbindlab.linux.signal.Sigint;
import dev.unbindlab.linux.sysfs.DeviceRef;
import dev.unbindlab.linux.sysfs.DriverBinding;
import dev.unbindlab.linux.sysfs.Sysfs;
import dev.unbindlab.vm.Arch;
import dev.unbindlab.scenario.GuestContext;
import dev.unbindlab.scenario.ProcessResult;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.ScenarioSetupException;
import dev.unbindlab.scenario.nvmem.SmbusEeprom;
import dev.unbindlab.scenario.spinor.SpiNorRig;
import dev.unbindlab.stress.FlashReference;
import dev.unbindlab.stress.StressedDevice;
import dev.unbindlab.stress.Sizes;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code unbindlab stress} run in the guest as a user runs it on a board (a separate JVM, its
 * exit status, stdout and stderr), on the arm64 spi-nor rig or the x86 test module
 * ({@link Rig}) with the kernel whose unbind is clean: bad input, the {@code --destructive} guard, the refusal of a mounted MTD, a clean run
 * in JSON, a pattern run in KTAP groups, and SIGINT and SIGTERM in the middle of a cycle, after
 * which the binding must be back; on x86 also a clean {@code --nvmem} run on the at24 EEPROM. The tool's own verdicts on reproducing kernels are the spi-nor
 * scenarios' job: they run the same engine ({@link dev.unbindlab.stress.UnbindStress}).
 */
public final class StressCliScenario implements Scenario {

    /**
     * Where the tool runs: an MTD below a device with a driver, and whether the device keeps its
     * content across a rebind (a flash does; the x86 test module's RAM is allocated per probe).
     */
    record Rig(String mtdName, String unbind, String driver, long size, Optional<String> module, boolean keepsContent) {

        DeviceRef device() {
            String[] parts = unbind.split("/");
            return new DeviceRef(parts[0], parts[2]);
        }

        /** QEMU xlnx-versal-virt's Cadence QSPI with an n25q128: the spi-nor flagship's board. */
        static final Rig SPI_NOR = new Rig(SpiNorRig.MTD_NAME, "spi/spi-nor/spi0.0", "spi-nor", SpiNorRig.FLASH_SIZE,
                Optional.empty(), true);
        /** x86: our test module's RAM-backed NOR platform driver (vm-images/modules/mtd-unbindable), 1 MiB. */
        static final Rig MTD_UNBINDABLE = new Rig("mtd-unbindable", "platform/mtd-unbindable/mtd-unbindable.0", "mtd-unbindable",
                1L << 20, Optional.of("mtd-unbindable"), false);

        static Rig forThisMachine() {
            return System.getProperty("os.arch").equals("aarch64") ? SPI_NOR : MTD_UNBINDABLE;
        }
    }

    static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    /**
     * The --write-pattern run erases and programs the whole flash first: on the arm64 rig (16 MiB
     * of emulated NOR behind the Cadence QSPI) it took 196 s and 219 s beside another guest,
     * over {@link #RUN_TIMEOUT} (measured in a CI rehearsal and a matrix run).
     */
    static final Duration PATTERN_RUN_TIMEOUT = Duration.ofMinutes(10);
    /** The kernel with a clean unbind (README, spi-nor verdicts): the runs here test the tool, not the kernel. */
    static final String VARIANT = "mtdchar-revoke";

    @Override
    public String name() {
        return "stress-cli";
    }

    @Override
    public String summary() {
        return "unbindlab stress as a separate process (arm64: spi-nor rig; x86_64: mtd-unbindable module, and --nvmem on the at24"
                + " EEPROM): bad input, --destructive guard, mounted-MTD refusal, JSON and KTAP runs, binding restored after SIGINT"
                + " and SIGTERM mid-cycle";
    }

    @Override
    public Set<Arch> arches() {
        return Set.of(Arch.ARM64, Arch.X86_64);
    }

    @Override
    public boolean appliesTo(String variant) {
        return variant.equals(VARIANT);
    }

    /**
     * Its child runs have limits of their own, measured in a boot of its own: in one shared with
     * the spi-nor scenarios (kmemleak=on, tracking every allocation) the arm64 --write-pattern run
     * did not finish in 180 s with another guest on the host.
     */
    @Override
    public boolean sharesBoot() {
        return false;
    }

    @Override
    public Duration timeout(Arch arch) {
        // Measured: 7 min 7 s with the host busy with a CI run (seven JVM starts of 16-22 s each, a SIGINT check that waited 60 s);
        // the pattern run alone may take PATTERN_RUN_TIMEOUT.
        return Duration.ofMinutes(20);
    }

    @Override
    public void run(GuestContext guest) throws Exception {
        List<String> java = childJava();
        Rig rig = Rig.forThisMachine();
        if (rig.module().isPresent()) {
            guest.modprobe(rig.module().get());
        }
        KtapStream ktap = guest.ktap(8);
        Checks checks = new Checks(guest, java, rig);
        ktap.report("bad-input", checks.badInput(), checks.take());
        ktap.report("destructive-guard", checks.destructiveGuard(), checks.take());
        ktap.report("mounted-mtd-refused", checks.mountedRefused(), checks.take());
        ktap.report("clean-run-json", checks.cleanJson(), checks.take());
        ktap.report("pattern-run-ktap", checks.patternKtap(), checks.take());
        ktap.report("sigint-restores-binding", checks.signal("INT", 130), checks.take());
        ktap.report("sigterm-restores-binding", checks.signal("TERM", 143), checks.take());
        if (rig == Rig.MTD_UNBINDABLE) {
            ktap.report("nvmem-clean-run-json", checks.nvmemJson(), checks.take());
        } else {
            ktap.skip("nvmem-clean-run-json", "the arm64 kernel is built without NVMEM (vm-images/kernel/arm64.config)");
        }
    }

    /**
     * This JVM's command line with its {@code -jar JAR}: the child runs the same jar the same way,
     * AOT cache included. The jar is the one the command line names, not this class's code source:
     * classes that come from an AOT cache trained on the same jar at another path (a CI checkout
     * under /tmp is /run/host/tmp in the guest) have no code source location (measured: a
     * NullPointerException from getCodeSource().getLocation()).
     * The guest's init runs the scenario as a background job, for which sh ignores SIGINT, and
     * a JVM that starts with SIGINT ignored installs no handler for it; a user's shell on a board
     * leaves it at its default, and so does {@link Sigint#restoreDefault} here (measured: without
     * it the child ran on for 60 s after SIGINT).
     */
    private static List<String> childJava() throws ScenarioSetupException, LinuxException {
        Sigint.restoreDefault();
        ProcessHandle.Info info = ProcessHandle.current().info();
        String java = info.command().orElseThrow(() -> new ScenarioSetupException("cannot tell which java runs this scenario"));
        List<String> arguments = List.of(info.arguments().orElse(new String[0]));
        int jar = arguments.indexOf("-jar");
        if (jar < 0 || jar + 1 >= arguments.size()) {
            throw new ScenarioSetupException("this JVM was not started with -jar JAR, so a child cannot run the same jar: " + arguments);
        }
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(arguments.subList(0, jar));
        command.add("-Xmx256m");
        command.addAll(arguments.subList(jar, jar + 2));
        return command;
    }

    /** Each check returns pass/fail and leaves what it saw in {@link #take}. */
    static final class Checks {
        private final GuestContext guest;
        private final List<String> java;
        private final Rig rig;
        private final DriverBinding binding = new DriverBinding(Sysfs.system());
        private List<String> diagnostics = new ArrayList<>();

        Checks(GuestContext guest, List<String> java, Rig rig) {
            this.guest = guest;
            this.java = java;
            this.rig = rig;
        }

        List<String> take() {
            List<String> taken = diagnostics;
            diagnostics = new ArrayList<>();
            return taken;
        }

        private ProcessResult stress(String... arguments) throws ScenarioSetupException {
            return stress(RUN_TIMEOUT, arguments);
        }

        private ProcessResult stress(Duration limit, String... arguments) throws ScenarioSetupException {
            List<String> command = new ArrayList<>(java);
            command.add("stress");
            command.addAll(List.of(arguments));
            long start = System.nanoTime();
            ProcessResult result = guest.exec(limit, command);
            diagnostics.add("stress " + String.join(" ", arguments) + " -> exit " + result.exitCode() + " in "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
            return result;
        }

        private boolean expect(boolean condition, String what) {
            diagnostics.add((condition ? "ok: " : "FAILED: ") + what);
            return condition;
        }

        private boolean exitWith(ProcessResult result, int status, String stderrPart) {
            boolean ok = expect(result.exitCode() == status, "exit status " + status);
            ok &= expect(result.stderr().contains(stderrPart), "stderr says '" + stderrPart + "'");
            if (!ok) {
                result.stderr().lines().limit(20).forEach(line -> diagnostics.add("stderr: " + line));
            }
            return ok;
        }

        private boolean boundAndBack() throws IOException, InterruptedException {
            Optional<String> driver = binding.driverOf(device());
            boolean ok = expect(driver.equals(Optional.of(rig.driver())), rig.unbind() + " bound to " + rig.driver() + " (is: " + driver.orElse("none") + ")");
            try {
                MtdDirectory.system().awaitByName(rig.mtdName(), Duration.ofSeconds(15));
                return ok & expect(true, rig.mtdName() + " present");
            } catch (java.util.concurrent.TimeoutException e) {
                return expect(false, rig.mtdName() + " present: " + e.getMessage());
            }
        }

        private DeviceRef device() {
            return rig.device();
        }

        boolean badInput() throws Exception {
            // The other refusals need no device and are CliTest's; this one reads the guest's /sys/class/mtd.
            boolean ok = exitWith(stress("--mtd", "no-such-mtd", "--unbind", rig.unbind(), "--cycles", "1"), 2, "no such MTD (ENOENT)");
            return ok & boundAndBack();
        }

        boolean destructiveGuard() throws Exception {
            String before = flashSha256();
            boolean ok = exitWith(stress("--mtd", rig.mtdName(), "--unbind", rig.unbind(), "--write-pattern", "--cycles", "1"), 2,
                    "pass --destructive to allow it");
            String after = flashSha256();
            ok &= expect(before.equals(after), "flash unchanged, sha256 " + after);
            return ok & boundAndBack();
        }

        boolean mountedRefused() throws Exception {
            // A tmpfs whose source names the MTD is, to mountinfo, what a JFFS2 mount of it is.
            Path mountPoint = Files.createTempDirectory("mtd-mounted");
            ProcessResult mount = guest.exec(Duration.ofSeconds(30), "mount", "-t", "tmpfs", "mtd:" + rig.mtdName(),
                    mountPoint.toString());
            if (!mount.succeeded()) {
                return expect(false, "mount a stand-in: " + mount.describe());
            }
            try {
                boolean ok = exitWith(stress("--mtd", rig.mtdName(), "--unbind", rig.unbind(), "--cycles", "1"), 2,
                        "is mounted on " + mountPoint);
                return ok & boundAndBack();
            } finally {
                guest.exec(Duration.ofSeconds(30), "umount", mountPoint.toString());
            }
        }

        boolean cleanJson() throws Exception {
            ProcessResult run = stress("--mtd", rig.mtdName(), "--unbind", rig.unbind(), "--cycles", "2", "--readers", "2",
                    "--held-open", "--json", "--seed", "11");
            String json = run.stdoutText();
            boolean ok = exitWith(run, 0, "reference: " + Sizes.human(rig.size()) + " read");
            ok &= expect(field(json, "verdict").equals(Optional.of("\"clean\"")), "verdict clean: " + field(json, "verdict"));
            ok &= expect(field(json, "cycles_ok").equals(Optional.of("2")), "2 cycles ok: " + field(json, "cycles_ok"));
            ok &= expect(field(json, "data_matches").equals(Optional.of("true")), "data matches");
            ok &= expect(field(json, "seed").equals(Optional.of("11")), "seed 11 used");
            diagnostics.add("errors: " + json.lines().dropWhile(l -> !l.contains("\"errors\"")).skip(1)
                    .takeWhile(l -> !l.strip().startsWith("}")).map(String::strip).collect(Collectors.joining(" ")));
            return ok & boundAndBack();
        }

        /** {@code --nvmem}: the at24 EEPROM on the PIIX4 SMBus, its client unbound (kernfs drains sysfs readers: clean on every kernel). */
        boolean nvmemJson() throws Exception {
            SmbusEeprom.Instance eeprom = SmbusEeprom.bringUp(guest, Duration.ofSeconds(15));
            ProcessResult run = stress("--nvmem", eeprom.nvmem(), "--unbind", eeprom.unbindTarget(), "--cycles", "2", "--readers", "2",
                    "--held-open", "--json", "--seed", "5");
            String json = run.stdoutText();
            boolean ok = exitWith(run, 0, "reference: 256 B read");
            ok &= expect(field(json, "device_kind").equals(Optional.of("\"nvmem device\"")), "an nvmem device: " + field(json, "device_kind"));
            ok &= expect(field(json, "verdict").equals(Optional.of("\"clean\"")), "verdict clean: " + field(json, "verdict"));
            ok &= expect(field(json, "cycles_ok").equals(Optional.of("2")), "2 cycles ok: " + field(json, "cycles_ok"));
            ok &= expect(field(json, "data_matches").equals(Optional.of("true")), "data matches");
            Optional<String> driver = binding.driverOf(new DeviceRef("i2c", eeprom.client()));
            ok &= expect(driver.equals(Optional.of("at24")), eeprom.client() + " bound to at24 again (is: " + driver.orElse("none") + ")");
            diagnostics.add("errors: " + json.lines().dropWhile(l -> !l.contains("\"errors\"")).skip(1)
                    .takeWhile(l -> !l.strip().startsWith("}")).map(String::strip).collect(Collectors.joining(" ")));
            return ok;
        }

        boolean patternKtap() throws Exception {
            ProcessResult run = stress(PATTERN_RUN_TIMEOUT, "--mtd", rig.mtdName(), "--unbind", rig.unbind(), "--destructive", "--write-pattern",
                    "--seed", "7", "--cycles", "4", "--group", "2", "--readers", "2", "--ktap");
            KtapDocument document = Ktap.parse(run.stdoutText());
            List<String> groups = document.tests().stream().map(KtapTest::name).toList();
            boolean ok = expect(groups.equals(List.of("cycles-1-2", "cycles-3-4")), "two groups of two cycles: " + groups);
            List<KtapTest> cycles = document.tests().stream().flatMap(t -> t.subtests().stream()).toList();
            if (rig.keepsContent()) {
                ok &= exitWith(run, 0, "--write-pattern: erased and wrote " + Sizes.human(rig.size()));
                ok &= expect(cycles.size() == 4 && cycles.stream().allMatch(KtapTest::ok), "every cycle ok: the pattern read back");
            } else {
                // The RAM behind this MTD is new after each bind: the tool must see the pattern gone.
                ok &= exitWith(run, 1, "--write-pattern: erased and wrote " + Sizes.human(rig.size()));
                ok &= expect(cycles.size() == 4 && cycles.get(0).ok(), "cycle 1 ok: its reads came before the first unbind");
                ok &= expect(cycles.size() == 4 && !cycles.get(1).ok()
                        && cycles.get(1).diagnostics().stream().anyMatch(d -> d.contains("DATA MISMATCH")),
                        "cycle 2 fails with a data mismatch: the device came back erased");
            }
            return ok & boundAndBack();
        }

        /**
         * Starts a long run that keeps the device unbound for 3 s each cycle, waits until it has
         * finished a cycle and the device is unbound again, sends the signal, and checks that the
         * exit hook bound it again. The signal comes from an already running shell, so it lands
         * within milliseconds rather than after a fork and exec.
         */
        boolean signal(String name, int expectedStatus) throws Exception {
            List<String> command = new ArrayList<>(java);
            command.addAll(List.of("stress", "--mtd", rig.mtdName(), "--unbind", rig.unbind(), "--duration", "10m", "--readers", "2",
                    "--unbound-for", "3s"));
            Process child = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            child.getOutputStream().close();
            List<String> stderr = new CopyOnWriteArrayList<>();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        stderr.add(line);
                    }
                } catch (IOException e) {
                    stderr.add("(stderr: " + e.getMessage() + ")");
                }
            });
            Process killer = new ProcessBuilder("sh", "-c", "read go; kill -" + name + " " + child.pid()).start();
            try {
                long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
                while (stderr.stream().noneMatch(l -> l.contains("ok 1 cycle-1")) && child.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                boolean unbound = false;
                while (child.isAlive() && System.nanoTime() < deadline) {
                    if (binding.driverOf(device()).isEmpty()) {
                        unbound = true;
                        break;
                    }
                    Thread.sleep(2);
                }
                if (!unbound) {
                    child.destroyForcibly();
                    stderr.stream().limit(30).forEach(line -> diagnostics.add("stderr: " + line));
                    return expect(false, "the run reached an unbind after its first cycle");
                }
                killer.getOutputStream().write('\n');
                killer.getOutputStream().close();
                long signalled = System.nanoTime();
                boolean exited = child.waitFor(60, TimeUnit.SECONDS);
                boolean ok = expect(exited, "exited " + (System.nanoTime() - signalled) / 1_000_000 + " ms after SIG" + name);
                if (!exited) {
                    stderr.stream().skip(Math.max(0, stderr.size() - 30)).forEach(line -> diagnostics.add("stderr: " + line));
                    return false;
                }
                reader.get(10, TimeUnit.SECONDS);
                ok &= expect(child.exitValue() == expectedStatus, "exit status " + expectedStatus + " (is " + child.exitValue() + ")");
                List<String> restore = stderr.stream().filter(l -> l.contains("exit: ")).toList();
                ok &= expect(restore.stream().anyMatch(l -> l.contains(" bound to " + rig.driver() + " again")),
                        "the exit hook bound the device again: " + restore);
                if (!ok) {
                    stderr.stream().skip(Math.max(0, stderr.size() - 30)).forEach(line -> diagnostics.add("stderr: " + line));
                }
                return ok & boundAndBack();
            } finally {
                killer.destroyForcibly();
                if (child.isAlive()) {
                    child.destroyForcibly();
                    child.waitFor(30, TimeUnit.SECONDS);
                }
                // A child killed outright restores nothing: leave the board bound for the next check.
                if (binding.driverOf(device()).isEmpty()) {
                    binding.bind(device(), rig.driver());
                    diagnostics.add("bound " + rig.unbind() + " again after the run");
                }
            }
        }

        private String flashSha256() throws Exception {
            return FlashReference.read(StressedDevice.ofMtd(MtdDirectory.system().awaitByName(rig.mtdName(), Duration.ofSeconds(15))))
                    .sha256();
        }

        /** The raw value of a top-level field of the CLI's indented JSON ({@code "cycles_ok" : 3}). */
        static Optional<String> field(String json, String name) {
            Matcher m = Pattern.compile("^  \"" + Pattern.quote(name) + "\" : (.+?),?$", Pattern.MULTILINE).matcher(json);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }
}
