package dev.unbindlab.cli;

import dev.unbindlab.ktap.KtapStream;
import dev.unbindlab.ktap.KtapTest;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.NativeFile;
import dev.unbindlab.linux.kmsg.KernelLog;
import dev.unbindlab.linux.kmsg.Taint;
import dev.unbindlab.linux.mtd.MtdDirectory;
import dev.unbindlab.linux.nvmem.Nvmem;
import dev.unbindlab.linux.sysfs.DeviceRef;
import dev.unbindlab.linux.sysfs.DriverBinding;
import dev.unbindlab.linux.sysfs.Sysfs;
import dev.unbindlab.scenario.unbind.ErrnoHistogram;
import dev.unbindlab.vm.Arch;
import dev.unbindlab.scenario.GuestContext;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.ScenarioSetupException;
import dev.unbindlab.scenario.Scenarios;
import dev.unbindlab.scenario.SharedBoot;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

/** The in-guest half of {@code vm run}: the guest's init starts this; people normally do not. */
@Command(name = "guest", hidden = true, description = "Commands that run inside an unbindlab guest.",
        subcommands = {GuestCommand.Run.class, GuestCommand.Train.class})
final class GuestCommand {

    /** {@code unbindlab} with only {@code guest} below it: what {@link Main} builds for a guest's command line. */
    @Command(name = "unbindlab", subcommands = GuestCommand.class)
    static final class Root {
    }

    @Command(name = "run", description = {"Run scenarios' guest part, writing KTAP to RESULTS/" + GuestContext.KTAP_FILE
            + " (one scenario) or RESULTS/SCENARIO/" + GuestContext.KTAP_FILE + " (several, one after the other in this boot).",
            "Exit 0 if every check passed, 1 if one failed, 2 if a scenario could not be set up."})
    static final class Run implements Callable<Integer> {
        @Parameters(paramLabel = "SCENARIO", arity = "1..*") List<String> names;
        @Option(names = "--results", paramLabel = "DIR",
                description = "where results go (default: $UNBINDLAB_RESULTS, which the guest init sets)")
        Path results;
        @Option(names = "--cycles", paramLabel = "N", description = "cycles the scenarios made of cycles plan instead of their own number")
        Integer cycles;

        @Override
        public Integer call() throws Exception {
            // An unknown name is an IllegalArgumentException listing the known ones: exit 2.
            List<Scenario> scenarios = names.stream().map(Scenarios::byName).toList();
            Path dir = results != null ? results : Path.of(System.getenv().getOrDefault("UNBINDLAB_RESULTS", "/run/results"));
            if (!Files.isDirectory(dir)) {
                throw new UserError("results directory " + dir + " does not exist");
            }
            if (scenarios.stream().distinct().count() != scenarios.size()) {
                throw new UserError("each scenario can run once per boot: " + names);
            }
            if (cycles != null && cycles < 1) {
                throw new UserError("--cycles must be at least 1, got " + cycles);
            }
            // In a shared boot --cycles is for the scenarios made of cycles; alone, a scenario must be one.
            if (cycles != null && scenarios.size() == 1 && scenarios.getFirst().cycles().isEmpty()) {
                throw new UserError("scenario " + scenarios.getFirst().name() + " is not made of cycles");
            }
            int status;
            if (scenarios.size() == 1) {
                try {
                    status = runOne(scenarios.getFirst(), dir, dir);
                } catch (ScenarioSetupException e) {
                    throw new UserError("scenario " + scenarios.getFirst().name() + " could not be set up: " + e.getMessage());
                }
            } else {
                GuestContext console = new GuestContext(dir, System.out);
                status = SharedBoot.run(scenarios, dir, console, (scenario, own) -> runOne(scenario, own, dir));
            }
            GuestContext.declareDone(dir, status);
            return status;
        }

        private int runOne(Scenario scenario, Path directory, Path share) throws Exception {
            try (GuestContext guest = new GuestContext(directory, share, System.out,
                    cycles == null ? OptionalInt.empty() : OptionalInt.of(cycles))) {
                guest.log(SharedBoot.startLine(scenario.name()));
                scenario.run(guest);
                var ktap = guest.ktapResults();
                boolean failed = ktap.stream().anyMatch(KtapTest::failed);
                guest.log("scenario " + scenario.name() + " ends: " + ktap.size() + " results"
                        + (failed ? ", some failed" : ", all passed"));
                return failed ? ExitCodes.PROBLEM_FOUND : ExitCodes.OK;
            }
        }
    }

    /**
     * The training run of the guest JVM's AOT cache (JDK 25, {@code -XX:AOTCacheOutput}): the host
     * runs it once per CLI jar, and x86_64 guests start with the cache it leaves. Under TCG a
     * guest JVM that loads and links the CLI's classes itself is slow to start: to
     * {@code guest run --help}, 21 s without the cache vs 6-10 s with it beside two other guests
     * (measured on the 2-core CI host). So this
     * loads what a guest run loads: picocli's guest command line, every scenario's description,
     * a KTAP stream, a child process, the typed Linux API's system calls (FFM downcalls, an errno
     * turned into {@link LinuxException}), sysfs, the MTD and nvmem directories, the kernel log.
     * It only reads, whatever the host: nothing is bound, unbound, loaded or written outside a
     * temporary directory it removes.
     */
    @Command(name = "train", description = "Load and link what a guest run needs, read-only (the AOT cache's training run).")
    static final class Train implements Callable<Integer> {

        @Override
        public Integer call() throws Exception {
            // The stress-cli scenario's children run the whole command line, not just "guest".
            new CommandLine(new UnbindlabCommand());
            Path dir = Files.createTempDirectory("unbindlab-train");
            try (GuestContext guest = new GuestContext(dir, dir, new PrintStream(OutputStream.nullOutputStream()), OptionalInt.empty())) {
                for (Scenario scenario : Scenarios.all()) {
                    scenario.summary();
                    scenario.cycles();
                    scenario.expected("vanilla");
                    for (Arch arch : scenario.arches()) {
                        scenario.vmNeeds(arch);
                        scenario.timeout(arch);
                    }
                }
                KtapStream ktap = guest.ktap(3);
                ktap.report("child-process", guest.exec(Duration.ofSeconds(30), "true").succeeded(), List.of("true"));
                ktap.report("system-calls", systemCalls(), List.of());
                ktap.skip("skip", "the training writes every kind of result");
                Taint.current();
            } finally {
                try (var files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
            return ExitCodes.OK;
        }

        private static boolean systemCalls() throws Exception {
            try (NativeFile stat = NativeFile.openReadOnly("/proc/self/stat")) {
                stat.preadBytes(0, 64);
            }
            try {
                NativeFile.openReadOnly("/nonexistent/unbindlab-train").close();
            } catch (LinuxException expected) {
                ErrnoHistogram.key(expected);
            }
            MtdDirectory.system().list();
            Nvmem.system().list();
            new DriverBinding(Sysfs.system()).driverOf(new DeviceRef("platform", "unbindlab-train"));
            try (KernelLog log = KernelLog.open()) {
                log.seekToEnd();
                log.poll();
            } catch (LinuxException notRoot) {
                ErrnoHistogram.key(notRoot);
            }
            return true;
        }
    }
}
