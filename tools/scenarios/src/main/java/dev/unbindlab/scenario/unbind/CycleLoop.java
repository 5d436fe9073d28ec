package dev.unbindlab.scenario.unbind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The loop every unbind engine runs: one cycle after another into the {@link CycleBook}, each
 * handing the next its state (the device as it came back), until the plan is done or a cycle
 * stops the run; then the device is restored (bound again, card put back), or left alone after a
 * kernel report (it only adds damage to a broken kernel) once the report has finished printing.
 *
 * @param <T> what one cycle hands the next, e.g. the MTD as it came back after the bind
 */
public final class CycleLoop<T> {

    /** How one cycle ended: {@code next} when the run goes on, {@code stopReason} when it stops. */
    public record End<T>(boolean ok, Optional<T> next, Optional<String> stopReason) {

        public static <T> End<T> next(boolean ok, T next) {
            return new End<>(ok, Optional.of(next), Optional.empty());
        }

        public static <T> End<T> stop(String why) {
            return new End<>(false, Optional.empty(), Optional.of(why));
        }

        /** {@link #stop}, with the reason also among the cycle's diagnostics as a {@code PROBLEM} line. */
        public static <T> End<T> problem(List<String> diagnostics, String why) {
            diagnostics.add("PROBLEM " + why);
            return stop(why);
        }
    }

    /** One cycle: adds its diagnostics, returns how it ended. */
    public interface Cycle<T> {
        End<T> run(int cycle, T state, List<String> diagnostics) throws Exception;
    }

    static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(20);

    private final CycleBook book;
    private final KernelReportWatcher watcher;
    private final Restorable guard;
    private final Consumer<String> log;
    private volatile String restoreOutcome = "not restored yet";

    public CycleLoop(CycleBook book, KernelReportWatcher watcher, Restorable guard, Consumer<String> log) {
        this.book = book;
        this.watcher = watcher;
        this.guard = guard;
        this.log = log;
    }

    /** What restoring did at the end of {@link #run}. */
    public String restoreOutcome() {
        return restoreOutcome;
    }

    /** Runs the cycles from {@code first}; returns why the run stopped early, if it did (the leak check is then skipped). */
    public Optional<String> run(T first, Cycle<T> cycle) throws Exception {
        return run(first, cycle, Optional.empty());
    }

    /** {@link #run(Object, Cycle)}, starting no cycle once {@code deadline} (a {@link System#nanoTime} value) has passed. */
    public Optional<String> run(T first, Cycle<T> cycle, Optional<Long> deadline) throws Exception {
        try {
            T state = first;
            while (book.hasNext() && deadline.map(d -> System.nanoTime() - d < 0).orElse(true)) {
                int number = book.nextCycle();
                long start = System.nanoTime();
                List<String> diagnostics = new ArrayList<>();
                End<T> end = cycle.run(number, state, diagnostics);
                diagnostics.add("cycle took " + Waits.millisSince(start) + " ms");
                book.record(end.ok(), diagnostics);
                if (end.stopReason().isPresent()) {
                    String why = watcher.report().isPresent() ? CycleBook.afterKernelReport(number)
                            : CycleBook.afterFailure(number, end.stopReason().get());
                    book.stop(why);
                    return Optional.of(why);
                }
                state = end.next().orElseThrow();
            }
            return Optional.empty();
        } finally {
            if (watcher.report().isPresent()) {
                // Let the report finish printing: the guest powers off soon after the JVM exits.
                watcher.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(10));
                guard.giveUp("the kernel reported a problem");
            }
            restoreOutcome = guard.restore(RESTORE_TIMEOUT);
            log.accept("restore: " + restoreOutcome);
        }
    }
}
