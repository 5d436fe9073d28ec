package dev.unbindlab.scenario.spinor;

import dev.unbindlab.stress.CycleData;
import dev.unbindlab.stress.FlashReference;
import dev.unbindlab.stress.Sizes;
import dev.unbindlab.stress.StressedDevice;
import dev.unbindlab.stress.Workload;

import dev.unbindlab.scenario.unbind.ErrnoHistogram;
import dev.unbindlab.scenario.unbind.KernelReported;
import dev.unbindlab.scenario.unbind.Threads;
import dev.unbindlab.scenario.unbind.Waits;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.NativeFile;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * One {@code read(2)} large enough to stay in the kernel for well over a second at the measured
 * read speed, started before the unbind and still in flight when it begins, with more than
 * 300 ms to go: longer than the {@code msleep(300)} with which the spinor-notifier v2 patch
 * waits for running reads.
 */
final class InflightRead implements Workload {

    /** The read's target duration at the measured speed. */
    static final Duration TARGET_DURATION = Duration.ofMillis(1500);
    static final long MIN_SIZE = 4L << 20;
    /** How long the read has been running when the unbind is written. */
    static final Duration LEAD = Duration.ofMillis(250);
    static final int ALIGN = 64 << 10;
    static final Duration STOP_MARGIN = Duration.ofSeconds(15);

    /** Bytes one read needs to last {@link #TARGET_DURATION}: 64 KiB multiple, at least 4 MiB, at most the flash. */
    static int sizeFor(double bytesPerSecond, long flashSize) {
        double wanted = bytesPerSecond * TARGET_DURATION.toNanos() / 1e9;
        long aligned = ((long) Math.ceil(wanted / ALIGN)) * ALIGN;
        return (int) Math.min(flashSize, Math.max(MIN_SIZE, aligned));
    }

    static Factory factory(FlashReference reference) {
        int size = sizeFor(reference.bytesPerSecond(), reference.size());
        ByteBuffer buffer = ByteBuffer.allocateDirect(size); // one for every cycle
        long expectedMillis = (long) (size * 1000.0 / reference.bytesPerSecond());
        return new Factory() {
            @Override
            public String describe() {
                return String.format(Locale.ROOT, "1 reader: a single read(%s) (about %d ms at the measured %.2f MiB/s), "
                        + "unbind %d ms into it", Sizes.human(size), expectedMillis, reference.bytesPerSecond() / 1048576,
                        LEAD.toMillis());
            }

            @Override
            public Workload create(CycleData data, SplittableRandom random) {
                return new InflightRead(data, buffer, expectedMillis);
            }
        };
    }

    private final CycleData data;
    private final ByteBuffer buffer;
    private final long expectedMillis;
    private final ErrnoHistogram outcome = new ErrnoHistogram();
    private volatile long readStart;
    private volatile long readEnd;
    private volatile int bytes = -1;
    private volatile boolean done;
    private volatile String failure;
    private volatile String closeResult = "not closed";

    private InflightRead(CycleData data, ByteBuffer buffer, long expectedMillis) {
        this.data = data;
        this.buffer = buffer;
        this.expectedMillis = expectedMillis;
    }

    private void run(StressedDevice device) {
        try {
            NativeFile file = device.open();
            try {
                buffer.clear();
                readStart = System.nanoTime();
                try {
                    int n = file.read(buffer);
                    readEnd = System.nanoTime();
                    bytes = n;
                    data.check("inflight", 0, buffer.flip());
                    outcome.add("read ok");
                } catch (LinuxException e) {
                    readEnd = System.nanoTime();
                    outcome.add(e);
                }
            } finally {
                closeResult = Workload.closeOutcome(file);
            }
        } catch (LinuxException | RuntimeException e) {
            failure = e.getMessage();
        } finally {
            done = true;
        }
    }

    @Override
    public boolean start(StressedDevice device, List<String> diagnostics, Waits waits) throws KernelReported, InterruptedException {
        Threads.daemon("inflight-read", () -> run(device));
        if (!waits.until(() -> readStart != 0 || done, Duration.ofSeconds(20)) || readStart == 0) {
            diagnostics.add("the reader could not start its read: " + (failure != null ? failure : "open did not return in 20 s"));
            return false;
        }
        long lead = LEAD.toNanos() - (System.nanoTime() - readStart);
        waits.sleep(Duration.ofNanos(Math.max(0, lead)));
        if (done) {
            diagnostics.add("the read ended " + (readEnd - readStart) / 1_000_000 + " ms after it started, before the unbind: "
                    + "the window was missed (read speed changed since the reference read?)");
            return false;
        }
        diagnostics.add("read(" + Sizes.human(buffer.capacity()) + ") in flight for " + Waits.millisSince(readStart)
                + " ms when the unbind starts (it takes about " + expectedMillis + " ms)");
        return true;
    }

    @Override
    public boolean finish(long unbindStartNanos, List<String> diagnostics, Waits waits) throws KernelReported, InterruptedException {
        Duration timeout = Duration.ofMillis(expectedMillis * 4).plus(STOP_MARGIN);
        if (!waits.until(() -> done, timeout)) {
            diagnostics.add("the read is still in flight " + timeout.toSeconds()
                    + " s after the unbind (stuck in the kernel, or killed by an oops)");
            return false;
        }
        data.errors().addAll(outcome);
        diagnostics.add("read outcome: " + outcome + (bytes >= 0 ? " (" + Sizes.human(bytes) + ")" : "") + ", returned "
                + (readEnd - unbindStartNanos) / 1_000_000 + " ms after the unbind started; close " + closeResult);
        if (failure != null) {
            diagnostics.add("the reader failed: " + failure);
            return false;
        }
        return true;
    }

    @Override
    public List<String> state() {
        if (readStart == 0) {
            return List.of("the read has not started");
        }
        return List.of(done ? "read outcome: " + outcome + ", after " + (readEnd - readStart) / 1_000_000 + " ms; close " + closeResult
                : "read in flight for " + Waits.millisSince(readStart) + " ms");
    }

    @Override
    public void abandon() {
        // A single read(2) cannot be called back; the thread ends when the kernel returns.
    }
}
