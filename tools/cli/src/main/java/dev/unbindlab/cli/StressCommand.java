package dev.unbindlab.cli;

import dev.unbindlab.ktap.Ktap;
import dev.unbindlab.ktap.KtapStream;
import dev.unbindlab.ktap.KtapTest;
import dev.unbindlab.linux.DestructiveAccess;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.mtd.MtdDevice;
import dev.unbindlab.linux.mtd.MtdDirectory;
import dev.unbindlab.linux.mtd.MtdEntry;
import dev.unbindlab.linux.mtd.MtdInfo;
import dev.unbindlab.linux.nvmem.Nvmem;
import dev.unbindlab.linux.nvmem.NvmemDevice;
import dev.unbindlab.linux.sysfs.DeviceRef;
import dev.unbindlab.linux.sysfs.DriverBinding;
import dev.unbindlab.linux.sysfs.Sysfs;
import dev.unbindlab.report.Json;
import dev.unbindlab.scenario.LeakCheck;
import dev.unbindlab.scenario.ScenarioSetupException;
import dev.unbindlab.scenario.unbind.ErrnoHistogram;
import dev.unbindlab.stress.CycleGroups;
import dev.unbindlab.stress.FlashReference;
import dev.unbindlab.stress.HeldOpenReader;
import dev.unbindlab.stress.LoopingReaders;
import dev.unbindlab.stress.UnbindStress;
import dev.unbindlab.stress.MtdUsage;
import dev.unbindlab.stress.Sizes;
import dev.unbindlab.stress.StressConsole;
import dev.unbindlab.stress.StressedDevice;
import dev.unbindlab.stress.UnbindTarget;
import dev.unbindlab.stress.Workload;
import dev.unbindlab.triage.KernelReport;
import dev.unbindlab.triage.Triage;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stress tool for real boards, on the engine the spi-nor VM scenarios run: readers on an MTD
 * or an nvmem device, the device it lives below unbound and bound again, cycle after cycle,
 * kernel reports triaged from /dev/kmsg as they come.
 */
@Command(name = "stress", description = {
        "Unbind and bind again a device while readers use an MTD or an nvmem device below it, cycle after cycle, on this machine.",
        "Each cycle: readers running -> unbind BUS/DRIVER/DEVICE -> their errors counted -> bind -> the MTD or nvmem device back by name "
                + "-> every byte read checked against the first full read. /dev/kmsg and the taint flags are watched "
                + "live; the run stops at the first kernel report unless --keep-going.",
        "Read-only unless --destructive; refuses an MTD that UBI or a mounted filesystem uses unless --force; the "
                + "binding is restored on every exit, SIGINT and SIGTERM included.",
        "Exit status: 0 clean, 1 kernel report, data mismatch, leak or failed cycle, 2 bad input; 130/143 after SIGINT/SIGTERM."})
final class StressCommand implements Callable<Integer> {

    /** The most cycles a --duration run may do: its KTAP plan before the end is known. */
    static final int DURATION_CYCLE_CAP = 10_000_000;
    private static final Pattern MTD_NODE = Pattern.compile("(?:/dev/)?mtd(\\d+)");

    @Spec CommandSpec spec;

    static final class Subject {
        @Option(names = "--mtd", required = true, paramLabel = "NAME|/dev/mtdN",
                description = "the MTD the readers use, by name or node (followed by name across rebinds)")
        String mtd;
        @Option(names = "--nvmem", required = true, paramLabel = "NAME",
                description = "the nvmem device the readers use (its /sys/bus/nvmem/devices/NAME/nvmem file), e.g. 0-00501")
        String nvmem;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Subject subject;

    @Option(names = "--unbind", required = true, paramLabel = "BUS/DRIVER/DEVICE",
            description = "the device unbound each cycle, as in /sys/bus/BUS/drivers/DRIVER/DEVICE, e.g. spi/spi-nor/spi0.0")
    String unbind;

    @Option(names = "--readers", defaultValue = "2", description = "threads that loop open/read to the end/close (default ${DEFAULT-VALUE})")
    int readers;

    @Option(names = "--held-open", description = "also hold a file open and idle across each unbind, then read it")
    boolean heldOpen;

    static final class Bound {
        @Option(names = "--cycles", description = "cycles to run (default 10)") Integer cycles;
        @Option(names = "--duration", converter = DurationConverter.class, description = "start cycles for this long: 90s, 5m, 2h")
        Duration duration;
    }

    @ArgGroup(exclusive = true) Bound bound;

    @Option(names = "--read-size", converter = SizeConverter.class, defaultValue = "128k",
            description = "bytes per read(2) of the looping readers (default 128k, like cat)")
    long readSize;

    @Option(names = "--seed", description = "random seed of the readers' timing (and of --write-pattern); default: fresh")
    Long seed;

    @Option(names = "--unbound-for", converter = DurationConverter.class,
            description = "keep the device unbound this long after the readers ended, before the bind (e.g. 2s)")
    Duration unboundFor;

    @Option(names = "--keep-going", description = "go on after a kernel report (bind again and continue)")
    boolean keepGoing;

    @Option(names = "--force", description = "run even if UBI or a mounted filesystem uses an MTD the unbind takes away")
    boolean force;

    @Option(names = "--write-pattern", description = "erase the MTD and write a pattern from the seed first, so data "
            + "is checked against known bytes (needs --destructive)")
    boolean writePattern;

    @Option(names = "--destructive", description = "allow --write-pattern to change the flash contents")
    boolean destructive;

    @Option(names = "--kmemleak", description = "clear kmemleak before the first cycle and scan twice after the last (needs debugfs; "
            + "turns kmemleak's automatic scans off, as the VM runs do, and leaves them off)")
    boolean kmemleak;

    @Option(names = "--group", defaultValue = "10", description = "cycles per KTAP test case (default ${DEFAULT-VALUE})")
    int group;

    static final class Format {
        @Option(names = "--json", description = "the summary as one JSON object on stdout") boolean json;
        @Option(names = "--ktap", description = "KTAP version 1 on stdout: one test per group of cycles") boolean ktap;
    }

    @ArgGroup(exclusive = true) Format format = new Format();

    /** What --json prints. */
    record StressReport(String device, String deviceKind, String unbind, long seed, long deviceSize, String referenceSha256,
                        Optional<String> patternSha256, int cyclesPlanned, int cyclesRun, int cyclesOk,
                        long bytesRead, double mibPerSecond, boolean dataMatches, Map<String, Integer> errors,
                        List<ReportView> kernelReports, Optional<String> stoppedBecause, String binding, double seconds,
                        String verdict, int exitStatus) {
    }

    record ReportView(String kind, String title, Optional<String> guiltyFrame, String firstLine) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int cycles = bound != null && bound.cycles != null ? bound.cycles : 10;
        Optional<Duration> duration = bound == null ? Optional.empty() : Optional.ofNullable(bound.duration);
        validate(cycles);
        UnbindTarget target = parseTarget();
        Sysfs sysfs = Sysfs.system();
        DriverBinding binding = new DriverBinding(sysfs);
        DeviceRef device;
        StressedDevice stressed;
        try {
            device = UnbindStress.boundDevice(binding, target);
            stressed = subject.mtd != null ? StressedDevice.ofMtd(resolveMtd()) : resolveNvmem();
            UnbindStress.checkBelow(binding, device, stressed);
        } catch (ScenarioSetupException e) {
            throw new UserError("--unbind: " + e.getMessage(), e);
        }
        Path deviceDirectory = binding.deviceDir(device).toRealPath();
        // Whatever the run reads, the unbind takes away every MTD below the device.
        List<String> uses = MtdUsage.of(sysfs, deviceDirectory, Path.of("/proc/self/mountinfo"));
        if (!uses.isEmpty() && !force) {
            throw new UserError("unbinding " + device + " would pull MTDs from under their users (EBUSY): "
                    + String.join("; ", uses) + ". Unmount/detach them, or pass --force");
        }
        uses.forEach(use -> err.println("stress: --force: " + use));

        long runSeed = seed != null ? seed : System.nanoTime();
        Optional<String> patternSha = writePattern ? Optional.of(writePattern(stressed, runSeed, err)) : Optional.empty();

        boolean bar = !format.json && !format.ktap && System.console() != null && System.console().isTerminal();
        int planned = duration.isPresent() ? (bound.cycles != null ? cycles : DURATION_CYCLE_CAP) : cycles;
        CliConsole console = new CliConsole(err, !bar);
        UnbindStress.Plan plan = new UnbindStress.Plan(stressed.kind(), stressed.name(), OptionalLong.empty(), target, planned, duration,
                OptionalLong.of(runSeed), keepGoing, kmemleak, unboundFor == null ? Duration.ZERO : unboundFor);
        UnbindStress.Result result;
        try (ProgressView progress = new ProgressView(bar, duration.isPresent() ? -1 : planned)) {
            result = new UnbindStress(console, plan, progress).run(this::workload);
        } catch (ScenarioSetupException e) {
            throw new UserError(e.getMessage(), e);
        }

        List<KernelReport> triaged = Triage.analyze(String.join("\n", result.kernelLog()));
        List<ReportView> reports = reportViews(result, triaged);
        boolean patternMatches = patternSha.map(sha -> sha.equals(result.reference().sha256())).orElse(true);
        boolean leaked = result.cycles().stream().anyMatch(t -> t.name().equals(LeakCheck.TEST_NAME) && t.failed());
        String verdict = !reports.isEmpty() ? "kernel report"
                : !result.dataMatches() || !patternMatches ? "data mismatch"
                : leaked ? "memory leak"
                : result.cyclesOk() < result.cyclesRun() || result.stopReason().isPresent() ? "failed cycle" : "clean";
        int exit = verdict.equals("clean") ? ExitCodes.OK : ExitCodes.PROBLEM_FOUND;
        double seconds = result.elapsedNanos() / 1e9;
        StressReport report = new StressReport(stressed.name(), stressed.kind().label(), unbind, result.seed(), result.reference().size(),
                result.reference().sha256(), patternSha, duration.isPresent() ? 0 : cycles, result.cyclesRun(), result.cyclesOk(),
                result.bytesRead(), result.bytesRead() / 1048576.0 / Math.max(seconds, 1e-9), result.dataMatches() && patternMatches,
                result.errors().counts(), reports, result.stopReason(), result.restore(), seconds, verdict, exit);
        if (format.json) {
            out.println(Json.write(report));
        } else if (format.ktap) {
            out.print(Ktap.write(CycleGroups.group(result.cycles(), group)));
        } else {
            printSummary(out, report, result.errors());
        }
        out.flush();
        return exit;
    }

    private void validate(int cycles) {
        if (cycles < 1) {
            throw new UserError("--cycles " + cycles + ": at least 1");
        }
        if (bound != null && bound.duration != null && bound.duration.isNegative()) {
            throw new UserError("--duration must be positive");
        }
        if (readers < 0 || (readers == 0 && !heldOpen)) {
            throw new UserError("--readers " + readers + ": at least 1 reader, or 0 with --held-open");
        }
        if (readSize < 1 || readSize > 64 << 20) {
            throw new UserError("--read-size " + readSize + ": between 1 byte and 64 MiB");
        }
        if (group < 1) {
            throw new UserError("--group " + group + ": at least 1 cycle per test case");
        }
        if (writePattern && subject.nvmem != null) {
            throw new UserError("--write-pattern is for MTDs; an nvmem device is only read (EINVAL)");
        }
        if (writePattern && !destructive) {
            throw new UserError("--write-pattern erases and writes " + subject.mtd + ": pass --destructive to allow it (nothing was opened or written)");
        }
    }

    private UnbindTarget parseTarget() {
        try {
            return UnbindTarget.parse(unbind);
        } catch (IllegalArgumentException e) {
            throw new UserError("--unbind " + e.getMessage(), e);
        }
    }

    private MtdEntry resolveMtd() throws IOException {
        List<MtdEntry> all = MtdDirectory.system().list();
        String mtd = subject.mtd;
        Matcher node = MTD_NODE.matcher(mtd);
        Optional<MtdEntry> found = node.matches()
                ? all.stream().filter(e -> e.index() == Integer.parseInt(node.group(1))).findFirst()
                : all.stream().filter(e -> e.name().equals(mtd)).findFirst();
        if (found.isEmpty()) {
            throw new UserError("--mtd " + mtd + ": no such MTD (ENOENT); /sys/class/mtd has "
                    + (all.isEmpty() ? "none" : all.stream().map(e -> "mtd" + e.index() + " " + e.name()).toList()));
        }
        long duplicates = all.stream().filter(e -> e.name().equals(found.get().name())).count();
        if (duplicates > 1) {
            throw new UserError("--mtd " + mtd + ": " + duplicates + " MTDs are named " + found.get().name()
                    + "; the run follows the MTD by name across rebinds, so it must be unique");
        }
        return found.get();
    }

    private StressedDevice resolveNvmem() throws IOException {
        Optional<StressedDevice> found = StressedDevice.findNvmem(subject.nvmem);
        if (found.isEmpty()) {
            List<String> names = Nvmem.system().list().stream().map(NvmemDevice::name).toList();
            throw new UserError("--nvmem " + subject.nvmem + ": no such nvmem device (ENOENT); /sys/bus/nvmem/devices has "
                    + (names.isEmpty() ? "none" : names));
        }
        if (found.get().size() == 0) {
            throw new UserError("--nvmem " + subject.nvmem + ": its nvmem file is empty or absent (ENODATA): nothing to read");
        }
        return found.get();
    }

    private Workload.Factory workload(FlashReference reference) {
        List<Workload.Factory> parts = new ArrayList<>();
        if (readers > 0) {
            parts.add(LoopingReaders.factory(readers, (int) readSize));
        }
        if (heldOpen) {
            parts.add(HeldOpenReader.factory());
        }
        return Workload.all(parts);
    }

    /** Erases the whole MTD and writes bytes from {@code seed}; returns their SHA-256 (what the first full read must see). */
    private String writePattern(StressedDevice entry, long seed, PrintWriter err) throws LinuxException {
        DestructiveAccess access = DestructiveAccess.grantedByFlag("--destructive");
        try (MtdDevice device = MtdDevice.openWritable(entry.node(), access)) {
            MtdInfo info = MtdCommand.probe(device);
            if (info.type().isNand() || info.eraseSize() == 0 || info.size() > Integer.MAX_VALUE) {
                throw new UserError("--write-pattern: " + entry.node() + " is " + info.type().mtdUtilsName()
                        + "; only NOR and RAM MTDs up to 2 GiB (no bad blocks to skip) (EOPNOTSUPP)");
            }
            ByteBuffer pattern = ByteBuffer.allocateDirect((int) info.size());
            byte[] block = new byte[(int) info.eraseSize()];
            SplittableRandom random = new SplittableRandom(seed);
            while (pattern.hasRemaining()) {
                random.nextBytes(block);
                pattern.put(block, 0, Math.min(block.length, pattern.remaining()));
            }
            pattern.flip();
            long start = System.nanoTime();
            for (long offset = 0; offset < info.size(); offset += info.eraseSize()) {
                device.erase(offset, info.eraseSize());
                ByteBuffer chunk = pattern.slice((int) offset, (int) Math.min(info.eraseSize(), info.size() - offset));
                while (chunk.hasRemaining()) {
                    device.write(chunk, offset + chunk.position()); // advances the chunk's position
                }
            }
            err.printf(Locale.ROOT, "stress: --write-pattern: erased and wrote %s of %s with seed %d in %d ms%n",
                    Sizes.human(info.size()), entry.node(), seed, (System.nanoTime() - start) / 1_000_000);
            return FlashReference.sha256(pattern.duplicate());
        }
    }

    private static List<ReportView> reportViews(UnbindStress.Result result, List<KernelReport> triaged) {
        List<ReportView> views = new ArrayList<>();
        for (int i = 0; i < result.reports().size(); i++) {
            String line = result.reports().get(i).line();
            // The triage's reports are in log order, as are the watcher's; a taint flag has no text to triage.
            Optional<KernelReport> match = i < triaged.size() ? Optional.of(triaged.get(i)) : Optional.empty();
            views.add(new ReportView(match.map(r -> r.kind().name()).orElse("TAINT"), match.map(KernelReport::title).orElse(line),
                    match.flatMap(KernelReport::guiltyFrame), line));
        }
        return views;
    }

    private static void printSummary(PrintWriter out, StressReport r, ErrnoHistogram errors) {
        out.printf(Locale.ROOT, "%-10s %s (%s, sha256 %s)%n", r.deviceKind().equals("MTD") ? "mtd" : "nvmem", r.device(),
                Sizes.human(r.deviceSize()), r.referenceSha256());
        r.patternSha256().ifPresent(sha -> out.println("pattern    " + (sha.equals(r.referenceSha256())
                ? "the first full read matches the pattern written" : "FIRST READ DIFFERS from the pattern written, sha256 " + sha)));
        out.printf(Locale.ROOT, "unbind     %s, seed %d%n", r.unbind(), r.seed());
        out.printf(Locale.ROOT, "cycles     %d run, %d ok%s%n", r.cyclesRun(), r.cyclesOk(),
                r.stoppedBecause().map(s -> "; " + s).orElse(""));
        out.printf(Locale.ROOT, "read       %s in %.1f s (%.2f MiB/s), %s%n", Sizes.human(r.bytesRead()), r.seconds(), r.mibPerSecond(),
                r.dataMatches() ? "every byte matches" : "DATA MISMATCH");
        out.println("errors     " + errors);
        if (r.kernelReports().isEmpty()) {
            out.println("reports    none");
        }
        for (ReportView report : r.kernelReports()) {
            out.println("report     " + report.title() + report.guiltyFrame().map(f -> " (guilty frame " + f + ")").orElse(""));
        }
        out.println("binding    " + r.binding());
        out.println("verdict    " + r.verdict());
    }

    /** stderr, prefixed; the cycles' KTAP goes there line by line too unless the progress bar shows them. */
    private static final class CliConsole implements StressConsole {
        private final PrintWriter err;
        private final boolean echoCycles;

        CliConsole(PrintWriter err, boolean echoCycles) {
            this.err = err;
            this.echoCycles = echoCycles;
        }

        @Override
        public void log(String line) {
            synchronized (err) {
                err.println("stress: " + line);
                err.flush();
            }
        }

        @Override
        public void logVerbatim(String line) {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        }

        @Override
        public KtapStream ktap(int plan) {
            // The whole document is printed at the end (--ktap), grouped; live, only the lines.
            return new KtapStream(Writer.nullWriter(), plan, line -> {
                if (echoCycles) {
                    log(line);
                }
            });
        }
    }

    /** A progress bar on a terminal (cycles, bytes, errors by errno); nothing otherwise. */
    private static final class ProgressView implements UnbindStress.Progress, AutoCloseable {
        private final ProgressBar bar;

        ProgressView(boolean show, long cycles) {
            bar = show ? new ProgressBarBuilder().setTaskName("stress").setInitialMax(cycles).setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" cycles", 1).setMaxRenderedLength(120).continuousUpdate().build() : null;
        }

        @Override
        public void cycleEnded(int cycle, boolean ok, long bytesSoFar, ErrnoHistogram errorsSoFar) {
            if (bar != null) {
                bar.stepTo(cycle);
                bar.setExtraMessage(Sizes.human(bytesSoFar) + " read; " + errorsSoFar);
            }
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
            }
        }
    }
}
