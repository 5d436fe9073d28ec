package dev.unbindlab.runner;

import dev.unbindlab.kernel.BuildFailedException;
import dev.unbindlab.kernel.BuildListener;
import dev.unbindlab.kernel.KernelBuilder;
import dev.unbindlab.kernel.KernelVariant;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs matrix cells, {@code jobs} guests at a time. Every kernel the cells need is built (or
 * found in the cache) first, one after the other, so that guests never wait on a build running in
 * another job. A cell that cannot run (its kernel fails to build, QEMU fails) is an outcome with
 * the error, not the end of the matrix.
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
        List<String> buildErrors = new ArrayList<>();
        for (KernelVariant variant : variants) {
            try {
                kernels.ensure(variant, buildListener);
            } catch (BuildFailedException | IOException e) {
                buildErrors.add(variant.id() + ": " + e.getMessage());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        try {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (MatrixPlan.Cell cell : cells) {
                Optional<String> buildError = buildErrors.stream().filter(e -> e.startsWith(cell.variant().id() + ": ")).findFirst();
                futures.add(pool.submit(() -> {
                    Outcome outcome = buildError.isPresent()
                            ? new Outcome(cell, Optional.empty(), Optional.of("kernel build failed: " + buildError.get()), Duration.ZERO)
                            : runCell(cell, cycles);
                    finished.accept(outcome);
                    return outcome;
                }));
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                try {
                    outcomes.add(future.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a matrix job failed outside its cell", e.getCause());
                }
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    private Outcome runCell(MatrixPlan.Cell cell, OptionalInt cycles) throws InterruptedException {
        long start = System.nanoTime();
        OptionalInt planned = cell.scenario().cycles().isPresent() ? cycles : OptionalInt.empty();
        try {
            ScenarioResult result = runner.run(cell.scenario(), cell.variant(), runner.newRunDirectory(cell.scenario(), cell.variant()),
                    planned);
            return new Outcome(cell, Optional.of(result), Optional.empty(), Duration.ofNanos(System.nanoTime() - start));
        } catch (BuildFailedException | IOException | RuntimeException e) {
            return new Outcome(cell, Optional.empty(), Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage()),
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
