package dev.unbindlab.stress;

import dev.unbindlab.scenario.unbind.ErrnoHistogram;
import dev.unbindlab.scenario.unbind.KernelReported;
import dev.unbindlab.scenario.unbind.Threads;
import dev.unbindlab.scenario.unbind.Waits;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.NativeFile;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;

/**
 * The pure lifetime case: one reader opens the MTD and reads 64 KiB, then holds the open file
 * idle (no read in flight) across the unbind, then reads again on the same file several times,
 * whatever the first of those returns, and closes it. A correct kernel fails those reads cleanly;
 * one that frees the MTD under the open file touches freed memory in read and close.
 */
public final class HeldOpenReader implements Workload {

    static final int READ_SIZE = 64 << 10;
    public static final int READS_AFTER_UNBIND = 3;
    static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    public static Factory factory() {
        return new Factory() {
            @Override
            public String describe() {
                return "1 reader: open, read(64 KiB), hold the file idle across the unbind, then read(64 KiB) x"
                        + READS_AFTER_UNBIND + " on it, close";
            }

            @Override
            public Workload create(CycleData data, SplittableRandom random) {
                return new HeldOpenReader(data);
            }
        };
    }

    private final CycleData data;
    private final CountDownLatch unbound = new CountDownLatch(1);
    private final ErrnoHistogram afterUnbind = new ErrnoHistogram();
    private volatile boolean stop;
    private volatile boolean readBefore;
    private volatile boolean done;
    private volatile String phase = "starting";
    private volatile String failure;
    private volatile String closeResult = "not closed";

    private HeldOpenReader(CycleData data) {
        this.data = data;
    }

    private void run(StressedDevice device) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(READ_SIZE);
        try {
            phase = "open";
            NativeFile file = device.open();
            long offset = 0;
            try {
                phase = "read before the unbind";
                int n = file.read(buffer.clear());
                data.check("held-open", offset, buffer.flip());
                offset += n;
                readBefore = true;
                phase = "holding the open file";
                unbound.await();
                for (int i = 1; i <= READS_AFTER_UNBIND && !stop; i++) {
                    phase = "read " + i + " after the unbind";
                    try {
                        n = file.read(buffer.clear());
                        data.check("held-open", offset, buffer.flip());
                        offset += n;
                        afterUnbind.add(n == 0 ? "read EOF" : "read ok");
                    } catch (LinuxException e) {
                        afterUnbind.add(e);
                    }
                }
            } finally {
                phase = "close";
                closeResult = Workload.closeOutcome(file);
            }
        } catch (LinuxException | RuntimeException e) {
            failure = e.getMessage();
        } catch (InterruptedException e) {
            failure = "interrupted";
        } finally {
            phase = "ended";
            done = true;
        }
    }

    @Override
    public boolean start(StressedDevice device, List<String> diagnostics, Waits waits) throws KernelReported, InterruptedException {
        Threads.daemon("held-open", () -> run(device));
        boolean ready = waits.until(() -> readBefore || done, READY_TIMEOUT);
        if (!ready || !readBefore) {
            diagnostics.add("the held-open reader failed before the unbind: "
                    + (failure != null ? failure : "still in " + phase + " after " + READY_TIMEOUT.toSeconds() + " s"));
            return false;
        }
        diagnostics.add("held-open reader read " + Sizes.human(READ_SIZE) + " and holds the file idle for the unbind");
        return true;
    }

    @Override
    public boolean finish(long unbindStartNanos, List<String> diagnostics, Waits waits) throws KernelReported, InterruptedException {
        unbound.countDown();
        if (!waits.until(() -> done, STOP_TIMEOUT)) {
            diagnostics.add("held-open reader still in " + phase + " " + STOP_TIMEOUT.toSeconds()
                    + " s after the unbind (stuck in the kernel, or killed by an oops)");
            return false;
        }
        diagnostics.add("on the file held across the unbind: " + afterUnbind + "; close " + closeResult);
        data.errors().addAll(afterUnbind);
        if (!closeResult.equals("ok")) {
            data.errors().add("close " + closeResult);
        }
        if (failure != null) {
            diagnostics.add("held-open reader failed: " + failure);
            return false;
        }
        return true;
    }

    @Override
    public List<String> state() {
        return List.of("held-open reader " + (done ? "ended" : "in " + phase) + "; after the unbind so far: " + afterUnbind
                + "; close " + closeResult);
    }

    @Override
    public void abandon() {
        stop = true;
        unbound.countDown();
    }
}
