package dev.unbindlab.scenario.unbind;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Every wait of the engine thread: polls, notices a kernel report within milliseconds
 * ({@link KernelReported}), and never blocks in the kernel itself. Anything that touches the
 * device (sysfs writes, MTD reads, even sysfs attributes of an MTD that may be freed) runs on
 * a separate daemon thread through {@link #call}: an oops kills that thread, not the thread that
 * writes the KTAP.
 */
public final class Waits {

    private static final long POLL_MILLIS = 5;

    /** {@link #call} did not finish within its time limit; the thread may be stuck in the kernel for good. */
    public static final class TimedOut extends Exception {
        TimedOut(String message) {
            super(message);
        }
    }

    private final KernelReportWatcher watcher;

    public Waits(KernelReportWatcher watcher) {
        this.watcher = watcher;
    }

    public void check() throws KernelReported {
        var report = watcher.report();
        if (report.isPresent()) {
            throw new KernelReported(report.get());
        }
    }

    /** Polls {@code done} until it holds (true) or {@code timeout} passes (false). */
    public boolean until(BooleanSupplier done, Duration timeout) throws KernelReported, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            check();
            if (done.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    public void sleep(Duration duration) throws KernelReported, InterruptedException {
        until(() -> false, duration);
    }

    /** Lets the watcher read what the kernel logged so far, then checks for a report. */
    public void sync() throws KernelReported, InterruptedException {
        watcher.sync(Duration.ofSeconds(2));
        check();
    }

    /**
     * Runs {@code task} on its own daemon thread named {@code what} and waits for it.
     *
     * @throws TimedOut      if it did not finish within {@code timeout} (the thread is left behind)
     * @throws KernelReported if the kernel reported while waiting
     * @throws Exception     what the task threw
     */
    public <T> T call(String what, Duration timeout, Callable<T> task) throws Exception {
        AtomicReference<T> value = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = Threads.daemon(what, () -> {
            try {
                value.set(task.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        if (!until(() -> !thread.isAlive(), timeout)) {
            throw new TimedOut(what + " did not return within " + timeout.toMillis() + " ms");
        }
        Throwable t = failure.get();
        if (t instanceof Exception e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return value.get();
    }

    /**
     * {@link #call} for a step that must work: a time-out or failure becomes {@link StepFailed}
     * naming the step; a kernel report propagates.
     */
    public <T> T step(String name, Duration timeout, Callable<T> task) throws KernelReported, StepFailed {
        try {
            return call(name, timeout, task);
        } catch (KernelReported e) {
            throw e;
        } catch (Exception e) {
            throw new StepFailed(name + " failed: " + e.getMessage(), e);
        }
    }

    public static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** A change of the device that may block in the kernel: {@link BindingGuard#unbind}, {@link BindingGuard#bind}, a card removal. */
    public interface BindingChange {
        void run() throws Exception;
    }

    /**
     * Runs an unbind or bind on a daemon thread (it may block in the kernel for good); the problem
     * if it did not return in time or failed. A kernel report seen meanwhile propagates.
     */
    public static Optional<String> bindingStep(Waits waits, String name, Duration limit, BindingChange change,
                                                String what, String whatFailed) throws KernelReported {
        try {
            waits.call(name, limit, () -> {
                change.run();
                return null;
            });
            return Optional.empty();
        } catch (Waits.TimedOut e) {
            return Optional.of(what + " did not return within " + limit.toSeconds() + " s");
        } catch (KernelReported e) {
            throw e;
        } catch (Exception e) {
            return Optional.of(whatFailed + " failed: " + e.getMessage());
        }
    }
}
