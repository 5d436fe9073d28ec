package dev.unbindlab.runner;

import dev.unbindlab.kernel.BuildFailedException;
import dev.unbindlab.kernel.BuildListener;
import dev.unbindlab.kernel.KernelBuilder;
import dev.unbindlab.kernel.KernelVariant;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.VmNeeds;
import dev.unbindlab.verdict.Verdict;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs matrix cells, {@code jobs} guests at a time. Every kernel the cells need is built (or
 * found in the cache) first, one after the other, so that guests never wait on a build running in
 * another job. A cell that cannot run (its kernel fails to build, QEMU fails) is an outcome with
 * the error, not the end of the matrix.
 *
 * <p>The cells of one kernel that are expected clean share a boot ({@link #boots}): under TCG a
 * boot and the guest JVM's start cost 10-30 s, more than many such a cell. A cell expected to
 * reproduce, or only allowed to, has a boot to itself: its report spends the kernel. A cell its
 * shared boot never reached (an earlier one failed or tainted the kernel) runs in a boot of its
 * own afterwards.
 */
public final class MatrixRun {

    /** What one cell came to: a result, or why there is none. */
    public record Outcome(MatrixPlan.Cell cell, Optional<ScenarioResult> result, Optional<String> error, Duration took) {
    }

    private final ScenarioRunner runner;
    private final KernelBuilder kernels;
    private final BuildListener buildListener;

    public MatrixRun(ScenarioRunner runner, KernelBuilder kernels, BuildListener buildListener) {
        this.runner = runner;
        this.kernels = kernels;
        this.buildListener = buildListener;
    }

    /**
     * The boots {@code cells} take: per kernel variant, the cells expected clean (and nothing
     * else) whose scenarios {@linkplain Scenario#sharesBoot share boots} and whose VM needs go
     * together in one boot, in plan order; every other cell alone. Longest first, as {@code seconds}
     * (each cell's time in an earlier run, by {@link MatrixPlan.Cell#name}) estimates them, so
     * that no long boot starts last; a cell never timed counts as long as its scenario's limit.
     */
    public static List<List<MatrixPlan.Cell>> boots(List<MatrixPlan.Cell> cells, Map<String, Double> seconds) {
        Map<KernelVariant, List<List<MatrixPlan.Cell>>> shared = new LinkedHashMap<>();
        List<List<MatrixPlan.Cell>> alone = new ArrayList<>();
        for (MatrixPlan.Cell cell : cells) {
            if (!expectedCleanOnly(cell)) {
                alone.add(List.of(cell));
                continue;
            }
            List<List<MatrixPlan.Cell>> groups = shared.computeIfAbsent(cell.variant(), v -> new ArrayList<>());
            VmNeeds needs = cell.scenario().vmNeeds(cell.variant().arch());
            Optional<List<MatrixPlan.Cell>> fits = groups.stream().filter(group -> group.stream()
                    .allMatch(other -> other.scenario().vmNeeds(other.variant().arch()).canShareWith(needs))).findFirst();
            if (fits.isPresent()) {
                fits.get().add(cell);
            } else {
                groups.add(new ArrayList<>(List.of(cell)));
            }
        }
        List<List<MatrixPlan.Cell>> boots = new ArrayList<>();
        shared.values().forEach(groups -> groups.forEach(group -> boots.add(List.copyOf(group))));
        boots.addAll(alone);
        boots.sort(Comparator.comparingDouble((List<MatrixPlan.Cell> boot) -> estimate(boot, seconds)).reversed());
        return boots;
    }

    /** Seconds a boot will take: its cells' times (a cell alone includes its boot), plus one boot for a shared one. */
    static double estimate(List<MatrixPlan.Cell> boot, Map<String, Double> seconds) {
        double total = boot.size() > 1 ? SHARED_BOOT_OVERHEAD_S : 0;
        for (MatrixPlan.Cell cell : boot) {
            Double known = seconds.get(cell.name());
            total += known != null ? known : cell.scenario().timeout(cell.variant().arch()).toSeconds();
        }
        return total;
    }

    /** Where each cell's last time is kept, in the cache's root. */
    public static final String DURATIONS_FILE = "matrix-seconds.properties";
    /** A boot and its JVM's start under TCG with another guest on the host (measured 25-60 s). */
    private static final double SHARED_BOOT_OVERHEAD_S = 40;

    /** The cells' times of earlier runs ({@value #DURATIONS_FILE}); empty when there were none. */
    public static Map<String, Double> readSeconds(Path cacheRoot) {
        Map<String, Double> seconds = new HashMap<>();
        Path file = cacheRoot.resolve(DURATIONS_FILE);
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                p.load(in);
                p.stringPropertyNames().forEach(k -> seconds.put(k, Double.parseDouble(p.getProperty(k))));
            } catch (IOException | NumberFormatException e) {
                return Map.of(); // a guess for the order, never a reason to fail
            }
        }
        return seconds;
    }

    private static void writeSeconds(Path cacheRoot, Map<String, Double> seconds) {
        Properties p = new Properties();
        seconds.forEach((k, v) -> p.setProperty(k, String.format(Locale.ROOT, "%.1f", v)));
        try (Writer out = Files.newBufferedWriter(cacheRoot.resolve(DURATIONS_FILE))) {
            p.store(out, "unbindlab matrix: each cell's time in its last run, to start the longest boots first");
        } catch (IOException e) {
            // the next run orders its boots by the scenarios' limits instead
        }
    }

    private static boolean expectedCleanOnly(MatrixPlan.Cell cell) {
        return cell.scenario().sharesBoot() && cell.scenario().expected(cell.variant().name()).verdicts().equals(Set.of(Verdict.CLEAN));
    }

    /**
     * @param cycles   plan this many cycles in cyclic scenarios instead of their own number
     * @param finished called as each cell ends, from the job's thread
     * @return the outcomes in the order of {@code cells}
     */
    public List<Outcome> run(List<MatrixPlan.Cell> cells, int jobs, OptionalInt cycles, Consumer<Outcome> finished)
            throws InterruptedException {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        Set<KernelVariant> variants = new LinkedHashSet<>();
        cells.forEach(c -> variants.add(c.variant()));
        Map<KernelVariant, String> buildErrors = new LinkedHashMap<>();
        for (KernelVariant variant : variants) {
            try {
                kernels.ensure(variant, buildListener);
            } catch (BuildFailedException | IOException e) {
                buildErrors.put(variant, variant.id() + ": " + e.getMessage());
            }
        }
        Path cacheRoot = kernels.cache().root();
        Map<String, Double> seconds = new ConcurrentHashMap<>(readSeconds(cacheRoot));
        Map<MatrixPlan.Cell, Outcome> outcomes = new ConcurrentHashMap<>();
        CountDownLatch allDone = new CountDownLatch(cells.size());
        Consumer<Outcome> record = outcome -> {
            outcomes.put(outcome.cell(), outcome);
            if (outcome.result().isPresent()) {
                seconds.put(outcome.cell().name(), outcome.took().toMillis() / 1000.0);
            }
            finished.accept(outcome);
            allDone.countDown();
        };
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            for (List<MatrixPlan.Cell> boot : boots(cells, seconds)) {
                pool.submit(() -> runBoot(boot, cycles, buildErrors, record, pool));
            }
            allDone.await();
        } finally {
            pool.shutdownNow();
            writeSeconds(cacheRoot, seconds);
        }
        return cells.stream().map(outcomes::get).toList();
    }

    /** One boot: its cells' outcomes go to {@code record}; cells a shared boot did not reach go back to {@code pool}, one boot each. */
    private void runBoot(List<MatrixPlan.Cell> boot, OptionalInt cycles, Map<KernelVariant, String> buildErrors,
                         Consumer<Outcome> record, ExecutorService pool) {
        KernelVariant variant = boot.getFirst().variant();
        if (buildErrors.containsKey(variant)) {
            boot.forEach(cell -> record.accept(new Outcome(cell, Optional.empty(),
                    Optional.of("kernel build failed: " + buildErrors.get(variant)), Duration.ZERO)));
            return;
        }
        long start = System.nanoTime();
        try {
            if (boot.size() == 1) {
                MatrixPlan.Cell cell = boot.getFirst();
                OptionalInt planned = cell.scenario().cycles().isPresent() ? cycles : OptionalInt.empty();
                ScenarioResult result = runner.run(cell.scenario(), variant, runner.newRunDirectory(cell.scenario(), variant), planned);
                record.accept(new Outcome(cell, Optional.of(result), Optional.empty(), Duration.ofNanos(System.nanoTime() - start)));
                return;
            }
            List<Scenario> scenarios = boot.stream().map(MatrixPlan.Cell::scenario).toList();
            ScenarioRunner.SharedRun run = runner.runShared(scenarios, variant, runner.newSharedRunDirectory(variant), cycles);
            for (ScenarioResult result : run.results()) {
                MatrixPlan.Cell cell = boot.stream().filter(c -> c.scenario().name().equals(result.scenario())).findFirst().orElseThrow();
                record.accept(new Outcome(cell, Optional.of(result), Optional.empty(), result.run().duration()));
            }
            for (Scenario scenario : run.notReached()) {
                MatrixPlan.Cell cell = boot.stream().filter(c -> c.scenario() == scenario).findFirst().orElseThrow();
                pool.submit(() -> runBoot(List.of(cell), cycles, buildErrors, record, pool));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (BuildFailedException | IOException | RuntimeException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            boot.forEach(cell -> record.accept(new Outcome(cell, Optional.empty(),
                    Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage()), took)));
        }
    }
}
