package dev.unbindlab.scenario.unbind;

import dev.unbindlab.linux.kmsg.KernelLog;
import dev.unbindlab.linux.kmsg.KmsgRecord;
import dev.unbindlab.linux.kmsg.Taint;
import dev.unbindlab.linux.kmsg.TaintFlag;
import dev.unbindlab.scenario.ScenarioSetupException;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
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
    /** Enough for a few whole reports (a KASAN report is 60-150 lines) without growing for days on a board. */
    static final int KEPT_LINES = 20_000;

    private final Consumer<String> log;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final AtomicLong polls = new AtomicLong();
    private volatile Report report;
    private final List<Report> acknowledged = new ArrayList<>();
    private final ArrayDeque<String> lines = new ArrayDeque<>();
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
                    keep(record.get().toConsoleLine());
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

    private synchronized void keep(String line) {
        if (lines.size() == KEPT_LINES) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    /** The kernel log since {@link #start} (the last {@value #KEPT_LINES} lines), as console lines for a triage. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * Lets a run go on after a report (a WARN, a KASAN report with the system still usable): the
     * report moves to {@link #reports()} and the next one stops the waits again. Taint flags added
     * so far become the new baseline.
     */
    public synchronized void acknowledge() throws IOException {
        if (report != null) {
            baseline = Taint.current();
            acknowledged.add(report);
            report = null;
        }
    }

    /** Every report seen: the acknowledged ones, then the current one. */
    public synchronized List<Report> reports() {
        List<Report> all = new ArrayList<>(acknowledged);
        if (report != null) {
            all.add(report);
        }
        return all;
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
