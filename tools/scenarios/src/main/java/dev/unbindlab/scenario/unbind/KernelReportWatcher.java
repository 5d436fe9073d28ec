package dev.unbindlab.scenario.unbind;

import dev.unbindlab.linux.kmsg.KernelLog;
import dev.unbindlab.linux.kmsg.KmsgRecord;
import dev.unbindlab.linux.kmsg.Taint;
import dev.unbindlab.linux.kmsg.TaintFlag;
import dev.unbindlab.scenario.ScenarioSetupException;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Follows {@code /dev/kmsg} (from the moment it starts) and the taint mask on its own thread and
 * remembers the first kernel report: the scenario's stop condition. It touches no device, so an
 * oops in a reader's system call cannot take it down with the reader.
 */
public final class KernelReportWatcher implements AutoCloseable {

    /** What stopped the run: the report's first line (or the taint flags added) and when it was seen. */
    public record Report(String line, long seenNanos) {
    }

    private static final int POLL_MILLIS = 50;

    private final Consumer<String> log;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final AtomicLong polls = new AtomicLong();
    private volatile Report report;
    private volatile long lastRecordNanos = System.nanoTime();
    private volatile boolean closed;
    private volatile Exception startFailure;
    private volatile Taint baseline;
    private Thread thread;

    public KernelReportWatcher(Consumer<String> log) {
        this.log = log;
    }

    /** Starts following; returns once the log is open at its end, so nothing logged afterwards is missed. */
    public void start() throws ScenarioSetupException, InterruptedException {
        thread = Threads.daemon("kmsg-watch", this::follow);
        if (!ready.await(30, TimeUnit.SECONDS)) {
            throw new ScenarioSetupException("the /dev/kmsg watcher did not start within 30 s");
        }
        if (startFailure != null) {
            throw new ScenarioSetupException("cannot follow the kernel log: " + startFailure.getMessage(), startFailure);
        }
        log.accept("following /dev/kmsg; taint at start: " + baseline.letters());
    }

    private void follow() {
        // KernelLog is confined to the thread that opened it: open, read and close it here.
        try (KernelLog kmsg = KernelLog.open()) {
            kmsg.seekToEnd();
            baseline = Taint.current();
            ready.countDown();
            while (!closed) {
                Optional<KmsgRecord> record = kmsg.next(POLL_MILLIS);
                if (record.isPresent()) {
                    lastRecordNanos = System.nanoTime();
                    KernelReportMatcher.match(record.get()).ifPresent(line -> found(record.get().toConsoleLine()));
                    continue;
                }
                Set<TaintFlag> added = Taint.current().addedSince(baseline).stream()
                        .filter(TaintFlag::isKernelProblem).collect(Collectors.toSet());
                if (!added.isEmpty()) {
                    found("taint flags added: " + added.stream().map(f -> f.letter() + " (" + f.description() + ")")
                            .sorted().collect(Collectors.joining(", ")));
                }
                polls.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            if (ready.getCount() > 0) {
                startFailure = e;
                ready.countDown();
            } else {
                // Without the watcher the run cannot stop at a report: make that the stop.
                found("the kernel log watcher failed: " + e);
            }
        }
    }

    private synchronized void found(String line) {
        if (report == null) {
            report = new Report(line, System.nanoTime());
            log.accept("kernel report seen, stopping: " + line);
        }
    }

    public Optional<Report> report() {
        return Optional.ofNullable(report);
    }

    /** Waits (at most {@code max}) until the watcher has read everything logged before this call. */
    public void sync(Duration max) throws InterruptedException {
        long target = polls.get() + 2; // one poll may have started before the call
        long deadline = System.nanoTime() + max.toNanos();
        while (polls.get() < target && report == null && System.nanoTime() - deadline < 0 && thread.isAlive()) {
            Thread.sleep(5);
        }
    }

    /**
     * Waits until the kernel has logged nothing for {@code quiet} (a report is done printing), at
     * most {@code max}: the guest powers off soon after the JVM exits.
     */
    public void awaitQuiet(Duration quiet, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() - lastRecordNanos < quiet.toNanos() && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
