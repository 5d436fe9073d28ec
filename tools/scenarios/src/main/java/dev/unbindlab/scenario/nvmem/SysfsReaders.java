package dev.unbindlab.scenario.nvmem;

import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.NativeFile;
import dev.unbindlab.linux.nvmem.Nvmem;
import dev.unbindlab.scenario.unbind.ErrnoHistogram;
import dev.unbindlab.scenario.unbind.Threads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * User-space readers of an nvmem device's sysfs file, each looping open → pread(whole device) →
 * close, for the maintainer's claim that kernfs drains such reads before the provider goes away.
 * Every byte read is checked against the reference; every failure is counted by errno.
 */
final class SysfsReaders {

    private final Nvmem nvmem;
    private final String device;
    private final byte[] reference;
    private final ErrnoHistogram outcomes;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong mismatches = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    SysfsReaders(Nvmem nvmem, String device, byte[] reference, ErrnoHistogram outcomes) {
        this.nvmem = nvmem;
        this.device = device;
        this.reference = reference;
        this.outcomes = outcomes;
    }

    void start(int count) {
        for (int i = 0; i < count; i++) {
            threads.add(Threads.daemon("sysfs-reader-" + i, this::loop));
        }
    }

    private void loop() {
        while (!stop) {
            try (NativeFile file = nvmem.open(device)) {
                byte[] data = file.preadBytes(0, reference.length);
                reads.incrementAndGet();
                if (!java.util.Arrays.equals(data, reference)) {
                    mismatches.incrementAndGet();
                }
            } catch (LinuxException e) {
                outcomes.add("sysfs-reader " + e.errnoName());
                sleepQuietly();
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the loops; false if a reader did not return within {@code timeout} (stuck in the kernel). */
    boolean stop(Duration timeout) throws InterruptedException {
        stop = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    long reads() {
        return reads.get();
    }

    long mismatches() {
        return mismatches.get();
    }
}
