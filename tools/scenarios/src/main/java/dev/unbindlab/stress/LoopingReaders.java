package dev.unbindlab.stress;

import dev.unbindlab.scenario.unbind.ErrnoHistogram;
import dev.unbindlab.scenario.unbind.KernelReported;
import dev.unbindlab.scenario.unbind.Threads;
import dev.unbindlab.scenario.unbind.Waits;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.NativeFile;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seed's {@code while true; do cat /dev/mtd0 >/dev/null; done}, as Java threads: each one
 * opens the MTD, reads it to the end in {@code read(2)} calls of a fixed size (128 KiB like cat), closes it and starts over,
 * until its first error.
 */
public final class LoopingReaders implements Workload {

    static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    /** The unbind comes at a random point up to this long after every reader has read once. */
    static final int MAX_PHASE_MILLIS = 500;

    public static Factory factory(int readers, int readSize) {
        return new Factory() {
            @Override
            public String describe() {
                return readers + " readers, each: open, read(" + Sizes.human(readSize) + ") to the end, close, again, until the first error";
            }

            @Override
            public Workload create(CycleData data, SplittableRandom random) {
                return new LoopingReaders(readers, readSize, data, random);
            }
        };
    }

    private final int count;
    private final int readSize;
    private final CycleData data;
    private final SplittableRandom random;
    private final List<Reader> readers = new ArrayList<>();

    private LoopingReaders(int count, int readSize, CycleData data, SplittableRandom random) {
        this.count = count;
        this.readSize = readSize;
        this.data = data;
        this.random = random;
    }

    private final class Reader implements Runnable {
        final String name;
        final StressedDevice device;
        volatile boolean stop;
        volatile boolean done;
        volatile long reads;
        volatile String phase = "starting";
        volatile LinuxException error;
        volatile long errorNanos;
        volatile RuntimeException unexpected;

        Reader(String name, StressedDevice device) {
            this.name = name;
            this.device = device;
        }

        @Override
        public void run() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(readSize);
            try {
                while (!stop) {
                    phase = "open";
                    NativeFile file = device.open();
                    long offset = 0;
                    try {
                        while (!stop) {
                            phase = "read at 0x" + Long.toHexString(offset);
                            buffer.clear();
                            int n = file.read(buffer);
                            if (n == 0) {
                                data.completePass();
                                break;
                            }
                            data.check(name, offset, buffer.flip());
                            offset += n;
                            reads++;
                        }
                    } catch (LinuxException e) {
                        errorNanos = System.nanoTime();
                        // The read error is the one that counts; the fd is closed all the same.
                        phase = "close after an error";
                        try {
                            file.close();
                        } catch (LinuxException ignored) {
                            // reported through the read error
                        }
                        throw e;
                    }
                    phase = "close";
                    file.close();
                }
            } catch (LinuxException e) {
                if (errorNanos == 0) {
                    errorNanos = System.nanoTime(); // open or close failed
                }
                error = e;
            } catch (RuntimeException e) {
                unexpected = e;
            } finally {
                phase = "ended";
                done = true;
            }
        }
    }

    @Override
    public boolean start(StressedDevice device, List<String> diagnostics, Waits waits) throws KernelReported, InterruptedException {
        for (int i = 1; i <= count; i++) {
            Reader reader = new Reader("reader-" + i, device);
            readers.add(reader);
            Threads.daemon(reader.name, reader);
        }
        boolean reading = waits.until(() -> readers.stream().allMatch(r -> r.reads > 0 || r.done), READY_TIMEOUT);
        List<Reader> failed = readers.stream().filter(r -> r.done).toList();
        if (!reading || !failed.isEmpty()) {
            failed.forEach(r -> diagnostics.add(r.name + " failed before the unbind: " + describeEnd(r)));
            if (!reading) {
                diagnostics.add("not every reader had read within " + READY_TIMEOUT.toSeconds() + " s");
            }
            return false;
        }
        int phase = random.nextInt(MAX_PHASE_MILLIS + 1);
        waits.sleep(Duration.ofMillis(phase));
        diagnostics.add(count + " readers running; unbind " + phase + " ms after each had read once");
        return true;
    }

    @Override
    public boolean finish(long unbindStartNanos, List<String> diagnostics, Waits waits) throws KernelReported, InterruptedException {
        boolean ended = waits.until(() -> readers.stream().allMatch(r -> r.done), STOP_TIMEOUT);
        boolean ok = ended;
        ErrnoHistogram afterUnbind = new ErrnoHistogram();
        for (Reader r : readers) {
            if (!r.done) {
                diagnostics.add(r.name + " still in " + r.phase + " " + STOP_TIMEOUT.toSeconds()
                        + " s after the unbind (stuck in the kernel, or killed by an oops)");
            } else if (r.unexpected != null) {
                diagnostics.add(r.name + " failed: " + r.unexpected);
                ok = false;
            } else if (r.error != null && r.errorNanos - unbindStartNanos < 0) {
                diagnostics.add(r.name + " failed before the unbind: " + r.error.getMessage());
                ok = false;
            } else if (r.error != null) {
                afterUnbind.add(r.error);
                data.errors().add(r.error);
            }
        }
        diagnostics.add("reader errors after the unbind: " + afterUnbind);
        return ok;
    }

    @Override
    public List<String> state() {
        return readers.stream().map(r -> r.name + (r.done ? " ended: " + describeEnd(r) : " in " + r.phase)
                + " after " + r.reads + " reads").toList();
    }

    private static String describeEnd(Reader r) {
        if (r.error != null) {
            return ErrnoHistogram.key(r.error);
        }
        return r.unexpected != null ? r.unexpected.toString() : "stopped";
    }

    @Override
    public void abandon() {
        readers.forEach(r -> r.stop = true);
    }
}
