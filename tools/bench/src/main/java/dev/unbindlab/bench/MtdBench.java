package dev.unbindlab.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import org.apache.commons.math3.distribution.TDistribution;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One benchmark session on one MTD, in one boot: the JMH benchmarks (each in its own forked JVM
 * with full JIT), the C loop with the same iterations, and their ratios. Ratios are only ever
 * computed between figures of the same session, since the host's load moves every absolute figure.
 */
public final class MtdBench {

    /** FFM reads of at least 64 KiB should reach 95% of C (the goal); MEMGETINFO 90%. */
    static final double READ_GOAL = 0.95;
    static final int READ_GOAL_FROM = 64 << 10;
    static final double IOCTL_GOAL = 0.90;

    /**
     * @param cLoop       the compiled {@code mtd-read-loop.c}
     * @param forkJvmArgs the forked benchmark JVMs' options (not the caller's, which may limit the JIT)
     */
    public record Settings(Path device, List<Integer> readSizes, int warmups, int iterations, Duration iterationTime,
                           Path cLoop, List<String> forkJvmArgs) {
    }

    /** One measured figure: mean operations per second and its error (JMH: 99.9% interval half-width; C: the same from its iterations). */
    public record Figure(String what, int readSize, double opsPerSecond, double error, List<Double> iterations) {

        double bytesPerSecond() {
            return opsPerSecond * Math.max(readSize, 1);
        }
    }

    /**
     * {@code candidate / baseline} of one operation, with the interval both errors give and the
     * issue's goal: {@code met} when the whole interval is at or above it, {@code not met} when it
     * is all below, {@code undecided} when the interval spans it (more iterations or a quieter host).
     */
    public record Ratio(String name, int readSize, double value, double low, double high, Optional<Double> goal,
                        Optional<String> goalVerdict) {
    }

    /**
     * @param kernelLimit what {@code mtd_speedtest} measured inside the kernel on the same device, if it ran
     * @param cShareOfLimit per read size, C's {@code pread} throughput over the in-kernel eraseblock read rate:
     *                      what the system call path costs against reads that never leave the kernel
     */
    public record Report(String device, List<Figure> java, List<Figure> c, List<Ratio> ratios, long seconds,
                         Optional<KernelLimit> kernelLimit, List<LimitShare> cShareOfLimit) {

        public Report(String device, List<Figure> java, List<Figure> c, List<Ratio> ratios, long seconds) {
            this(device, java, c, ratios, seconds, Optional.empty(), List.of());
        }

        /** This report with the in-kernel figures, and C's share of them for each read size. */
        public Report withKernelLimit(KernelLimit limit) {
            List<LimitShare> shares = c.stream().filter(f -> f.readSize() > 0)
                    .map(f -> new LimitShare(f.readSize(), f.bytesPerSecond() / 1024 / limit.eraseblockReadKiBs())).toList();
            return new Report(device, java, c, ratios, seconds, Optional.of(limit), shares);
        }
    }

    /** C's throughput at one read size as a fraction of the in-kernel eraseblock read rate. */
    public record LimitShare(int readSize, double share) {
    }

    /**
     * The in-kernel read rates {@code mtd_speedtest} prints (KiB/s): whole eraseblocks, single
     * pages, two pages per {@code mtd_read()}; the device's eraseblock and page sizes as it saw them.
     */
    public record KernelLimit(long eraseblockReadKiBs, long pageReadKiBs, long twoPageReadKiBs, long eraseBlockSize, long pageSize) {

        private static final java.util.regex.Pattern SPEED =
                java.util.regex.Pattern.compile("mtd_speedtest: (eraseblock|page|2 page) read speed is (\\d+) KiB/s");
        private static final java.util.regex.Pattern GEOMETRY =
                java.util.regex.Pattern.compile("mtd_speedtest: MTD device size \\d+, eraseblock size (\\d+), page size (\\d+)");

        /** The figures from {@code mtd_speedtest}'s kernel log lines; empty if any read figure is missing. */
        public static Optional<KernelLimit> parse(List<String> lines) {
            long[] read = {-1, -1, -1};
            long eraseBlock = 0;
            long page = 0;
            for (String line : lines) {
                var speed = SPEED.matcher(line);
                if (speed.find()) {
                    int i = switch (speed.group(1)) {
                        case "eraseblock" -> 0;
                        case "page" -> 1;
                        default -> 2;
                    };
                    read[i] = Long.parseLong(speed.group(2));
                }
                var geometry = GEOMETRY.matcher(line);
                if (geometry.find()) {
                    eraseBlock = Long.parseLong(geometry.group(1));
                    page = Long.parseLong(geometry.group(2));
                }
            }
            if (read[0] <= 0 || read[1] < 0 || read[2] < 0) {
                return Optional.empty();
            }
            return Optional.of(new KernelLimit(read[0], read[1], read[2], eraseBlock, page));
        }
    }

    /** The file a session's report goes to in a guest's results directory. */
    public static final String REPORT_FILE = "bench.json";

    private MtdBench() {
    }

    /** The report as JSON (snake_case, like every unbindlab JSON). */
    public static void write(Report report, Path file) throws IOException {
        new ObjectMapper().registerModule(new Jdk8Module()).setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
    }

    public static Report run(Settings settings, Consumer<String> log) throws IOException, InterruptedException, RunnerException {
        long start = System.nanoTime();
        List<Figure> c = new ArrayList<>();
        for (int size : settings.readSizes()) {
            c.add(cLoop(settings, String.valueOf(size), size));
            log.accept(describe(c.getLast()));
        }
        c.add(cLoop(settings, "memgetinfo", 0));
        log.accept(describe(c.getLast()));

        List<Figure> java = jmh(settings);
        java.forEach(f -> log.accept(describe(f)));

        List<Ratio> ratios = new ArrayList<>();
        for (Figure j : java) {
            Figure base = c.stream().filter(f -> f.readSize() == j.readSize()).findFirst().orElseThrow();
            boolean read = j.readSize() > 0;
            Optional<Double> goal = read && j.what().equals("ffmPread") && j.readSize() >= READ_GOAL_FROM ? Optional.of(READ_GOAL)
                    : !read ? Optional.of(IOCTL_GOAL) : Optional.empty();
            ratios.add(ratio(j.what() + "/c", j, base, goal));
        }
        ratios.forEach(r -> log.accept(describe(r)));
        return new Report(settings.device().toString(), java, c, ratios, (System.nanoTime() - start) / 1_000_000_000);
    }

    /** The interval of a quotient from the two relative errors (first order; both means are of 5+ iterations). */
    static Ratio ratio(String name, Figure candidate, Figure baseline, Optional<Double> goal) {
        double value = candidate.opsPerSecond() / baseline.opsPerSecond();
        double relative = Math.hypot(candidate.error() / candidate.opsPerSecond(), baseline.error() / baseline.opsPerSecond());
        double low = Math.max(0, value * (1 - relative));
        double high = value * (1 + relative);
        return new Ratio(name, candidate.readSize(), value, low, high, goal,
                goal.map(g -> low >= g ? "met" : high < g ? "not met" : "undecided"));
    }

    private static Figure cLoop(Settings settings, String what, int size) throws IOException, InterruptedException {
        List<Double> samples = new ArrayList<>();
        double seconds = settings.iterationTime().toMillis() / 1000.0;
        for (int i = 0; i < settings.warmups() + settings.iterations(); i++) {
            Process process = new ProcessBuilder(settings.cLoop().toString(), settings.device().toString(), what,
                    String.format(Locale.ROOT, "%.3f", seconds)).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(settings.cLoop() + " " + what + " failed: " + out);
            }
            String[] fields = out.split(" ");
            if (i >= settings.warmups()) {
                samples.add(Long.parseLong(fields[2]) * 1e9 / Long.parseLong(fields[3]));
            }
        }
        return new Figure(size > 0 ? "c-pread" : "c-memgetinfo", size, mean(samples), error999(samples), samples);
    }

    private static List<Figure> jmh(Settings settings) throws RunnerException {
        Options options = new OptionsBuilder()
                .include("^" + MtdReadBenchmark.class.getName().replace(".", "\\.") + "\\.")
                .include("^" + MemGetInfoBenchmark.class.getName().replace(".", "\\.") + "\\.")
                .param("device", settings.device().toString())
                .param("readSize", settings.readSizes().stream().map(String::valueOf).toArray(String[]::new))
                .warmupIterations(settings.warmups()).warmupTime(TimeValue.milliseconds(settings.iterationTime().toMillis()))
                .measurementIterations(settings.iterations()).measurementTime(TimeValue.milliseconds(settings.iterationTime().toMillis()))
                .forks(1).jvmArgs(settings.forkJvmArgs().toArray(String[]::new))
                // JMH's own lines (each iteration, a failing benchmark's stack trace) go to the console.
                .verbosity(VerboseMode.NORMAL)
                .build();
        Collection<RunResult> results;
        try {
            results = new Runner(options).run();
        } catch (RunnerException e) {
            // JMH keeps what the benchmark threw as causes and suppressed exceptions: say all of it.
            StringBuilder why = new StringBuilder(e.getMessage());
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                why.append(": ").append(t);
                for (Throwable s : t.getSuppressed()) {
                    why.append(" [").append(s).append(']');
                }
            }
            throw new RunnerException(why.toString(), e);
        }
        List<Figure> figures = new ArrayList<>();
        for (RunResult result : results) {
            String benchmark = result.getParams().getBenchmark();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String readSize = result.getParams().getParam("readSize");
            List<Double> iterations = new ArrayList<>();
            result.getBenchmarkResults().forEach(b -> b.getIterationResults().forEach(i -> iterations.add(i.getPrimaryResult().getScore())));
            figures.add(new Figure(method, readSize == null ? 0 : Integer.parseInt(readSize), result.getPrimaryResult().getScore(),
                    result.getPrimaryResult().getScoreError(), iterations));
        }
        return figures;
    }

    static double mean(List<Double> samples) {
        return samples.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** Half-width of the 99.9% Student-t interval of the mean, as JMH reports its error. */
    static double error999(List<Double> samples) {
        int n = samples.size();
        if (n < 2) {
            return Double.NaN;
        }
        double m = mean(samples);
        double variance = samples.stream().mapToDouble(s -> (s - m) * (s - m)).sum() / (n - 1);
        return new TDistribution(n - 1).inverseCumulativeProbability(0.9995) * Math.sqrt(variance / n);
    }

    private static String describe(Figure f) {
        return String.format(Locale.ROOT, "%-16s %8s  %12.0f ops/s ± %.0f%s", f.what(), f.readSize() > 0 ? f.readSize() + " B" : "",
                f.opsPerSecond(), f.error(), f.readSize() > 0 ? String.format(Locale.ROOT, "  (%.1f MiB/s)", f.bytesPerSecond() / 1048576) : "");
    }

    private static String describe(Ratio r) {
        return String.format(Locale.ROOT, "%-20s %8s  %.3f [%.3f, %.3f]%s", r.name(), r.readSize() > 0 ? r.readSize() + " B" : "", r.value(),
                r.low(), r.high(), r.goal().map(g -> String.format(Locale.ROOT, "  goal >= %.2f: %s", g, r.goalVerdict().orElseThrow()))
                .orElse(""));
    }
}
