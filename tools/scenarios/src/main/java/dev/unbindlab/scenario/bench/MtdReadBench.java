package dev.unbindlab.scenario.bench;

import dev.unbindlab.bench.MtdBench;
import dev.unbindlab.ktap.KtapStream;
import dev.unbindlab.linux.kmsg.KernelLog;
import dev.unbindlab.linux.mtd.MtdDirectory;
import dev.unbindlab.linux.mtd.MtdEntry;
import dev.unbindlab.scenario.GuestContext;
import dev.unbindlab.scenario.ProcessResult;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.ScenarioSetupException;
import dev.unbindlab.vm.Arch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The typed API's cost on an MTD, measured in one boot: JMH benchmarks (FFM {@code pread} into a
 * native segment, {@code FileChannel} with a direct buffer, {@code MEMGETINFO}) against the same
 * loops in C, compiled in the guest, on {@code mtdram} (16 MiB of RAM: the device costs as little
 * as a device can, so what differs is the path to it), and {@code mtd_speedtest}'s in-kernel read
 * rate on the same device as the limit. Results in {@value MtdBench#REPORT_FILE}
 * with JMH's error bars and the ratios; a KTAP result per ratio says whether the goal is
 * met, but only a benchmark that could not run fails.
 */
public final class MtdReadBench implements Scenario {

    static final String MTD_NAME = "mtdram test device";
    /** mtdram's parameters are in KiB: 16 MiB, 128 KiB erase blocks. */
    static final List<String> MTDRAM_PARAMETERS = List.of("total_size=16384", "erase_size=128");
    static final List<Integer> READ_SIZES = List.of(4096, 65536, 262144, 1048576);
    static final String C_SOURCE = "/dev/unbindlab/bench/mtd-read-loop.c";

    @Override
    public String name() {
        return "mtd-read-bench";
    }

    @Override
    public String summary() {
        return "JMH in the guest: MTD reads on mtdram through FFM and FileChannel, and MEMGETINFO, against the same loops in C";
    }

    @Override
    public Set<Arch> arches() {
        // The C side is compiled in the guest: the x86 guest's root is the host's, with its gcc.
        return Set.of(Arch.X86_64);
    }

    @Override
    public boolean appliesTo(String variant) {
        return variant.equals("vanilla");
    }

    @Override
    public boolean isMeasurement() {
        return true;
    }

    /* 9 forked JMH trials of (10 + 10) x 1 s plus a JVM start each, the C loops the same: about 6 minutes under TCG. */
    @Override
    public Duration timeout(Arch arch) {
        return Duration.ofMinutes(15);
    }

    @Override
    public void run(GuestContext guest) throws Exception {
        guest.modprobe("mtdram", MTDRAM_PARAMETERS.toArray(String[]::new));
        MtdEntry mtd = MtdDirectory.system().awaitByName(MTD_NAME, Duration.ofSeconds(30));
        Path cLoop = compile(guest);
        // JMH talks to its forked JVMs over TCP on the loopback interface, which our init leaves down.
        ProcessResult lo = guest.exec(Duration.ofSeconds(30), "ip", "link", "set", "lo", "up");
        if (!lo.succeeded()) {
            throw new ScenarioSetupException("cannot bring up lo for JMH's forks: " + lo.describe());
        }
        KtapStream ktap = guest.ktap(1 + READ_SIZES.size() * 2 + 1 + 1);
        // Measured under TCG: 3 warmup seconds left the JIT far from done (MEMGETINFO still 7x faster
        // by the 5th iteration); 10 + 10 iterations of 1 s, each combination in its own fork.
        MtdBench.Settings settings = new MtdBench.Settings(mtd.deviceNode(), READ_SIZES, 10, 10, Duration.ofSeconds(1), cLoop,
                List.of("-Xmx256m", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        MtdBench.Report report = MtdBench.run(settings, guest::log);
        // Last: mtd_speedtest erases and writes the device it measures.
        Optional<MtdBench.KernelLimit> limit = speedtest(guest, mtd, ktap);
        if (limit.isPresent()) {
            report = report.withKernelLimit(limit.get());
        }
        MtdBench.write(report, guest.resultsDirectory().resolve(MtdBench.REPORT_FILE));
        ktap.pass("report", List.of(MtdBench.REPORT_FILE + ": " + report.java().size() + " JMH figures, " + report.c().size()
                + " C figures in " + report.seconds() + " s"));
        for (MtdBench.Ratio r : report.ratios()) {
            String name = r.name().replace('/', '-') + (r.readSize() > 0 ? "-" + r.readSize() : "");
            ktap.pass(name, List.of(String.format(Locale.ROOT, "%.3f [%.3f, %.3f]%s", r.value(), r.low(), r.high(),
                    r.goal().map(g -> String.format(Locale.ROOT, "; goal >= %.2f: %s", g, r.goalVerdict().orElseThrow())).orElse(""))));
        }
    }

    /**
     * The in-kernel limit: {@code mtd_speedtest} (CONFIG_MTD_TESTS, a module) times {@code mtd_read()}
     * of whole eraseblocks, pages and page pairs on the same mtdram in its init, and prints KiB/s.
     * One KTAP result, failed if it did not run or printed no read figure.
     */
    private static Optional<MtdBench.KernelLimit> speedtest(GuestContext guest, MtdEntry mtd, KtapStream ktap) throws Exception {
        List<String> lines = new ArrayList<>();
        ProcessResult load;
        try (KernelLog kmsg = KernelLog.open()) {
            kmsg.seekToEnd();
            load = guest.exec(Duration.ofMinutes(5), "modprobe", "mtd_speedtest", "dev=" + mtd.index());
            kmsg.drain().forEach(record -> lines.add(record.message()));
        }
        guest.exec(Duration.ofSeconds(30), "modprobe", "-r", "mtd_speedtest");
        List<String> own = lines.stream().filter(l -> l.startsWith("mtd_speedtest: ")).toList();
        Optional<MtdBench.KernelLimit> limit = MtdBench.KernelLimit.parse(own);
        List<String> diagnostics = new ArrayList<>(own.stream().filter(l -> l.contains("speed is")).toList());
        if (!load.succeeded()) {
            diagnostics.add(load.describe());
        }
        ktap.report("mtd-speedtest", load.succeeded() && limit.isPresent(), diagnostics);
        return limit;
    }

    /** Writes the C loop's source out of the jar and compiles it with the guest's cc. */
    private static Path compile(GuestContext guest) throws IOException, ScenarioSetupException {
        Path source = Files.createTempFile("mtd-read-loop", ".c");
        try (InputStream in = MtdBench.class.getResourceAsStream(C_SOURCE)) {
            if (in == null) {
                throw new ScenarioSetupException(C_SOURCE + " is not in the jar");
            }
            Files.copy(in, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path binary = source.resolveSibling("mtd-read-loop");
        ProcessResult cc = guest.exec(Duration.ofMinutes(2), "cc", "-O2", "-o", binary.toString(), source.toString());
        if (!cc.succeeded()) {
            throw new ScenarioSetupException("cannot compile the C loop: " + cc.describe());
        }
        return binary;
    }
}
