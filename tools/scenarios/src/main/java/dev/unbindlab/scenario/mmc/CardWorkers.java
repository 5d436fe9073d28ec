package dev.unbindlab.scenario.mmc;

import dev.unbindlab.linux.Errno;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.NativeFile;
import dev.unbindlab.scenario.unbind.ErrnoHistogram;
import dev.unbindlab.scenario.unbind.Threads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The I/O running on the card while it goes away: writers creating, writing and fsyncing files
 * on its file system, a reader re-reading a synced file through it, and a reader of the raw
 * block device. Every failing call is counted by errno; before the removal any failure is a
 * problem, after it only the "device is gone" class is ({@link #DEVICE_GONE}), and data a read
 * returns must be right at any time (the page cache may still serve it, freed memory must not).
 */
final class CardWorkers {

    /** What a call may fail with once the card or its controller is gone. */
    static final Set<Errno> DEVICE_GONE = EnumSet.of(Errno.EIO, Errno.ENODEV, Errno.ENXIO, Errno.ENOMEDIUM, Errno.EROFS);

    static final int WRITE_CHUNK = 32 * 1024;
    static final int WRITE_CHUNKS = 4;
    static final int RAW_READ = 64 * 1024;
    /** Files each writer cycles through, so the card never fills. */
    static final int FILES_PER_WRITER = 4;
    /** After a failed call: a worker retries, but not in a tight loop that would starve the guest's two vCPUs. */
    private static final long BACKOFF_MILLIS = 20;

    private final String mountPoint;
    private final String disk;
    private final String referenceName;
    private final byte[] reference;
    private final ErrnoHistogram outcomes;
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong rawBytesRead = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean removing;
    private volatile boolean stopping;

    /**
     * @param referenceName a synced file on the card whose content is {@code reference}
     * @param outcomes      where failing calls are counted ({@code pwrite EIO x12})
     */
    CardWorkers(String mountPoint, String disk, String referenceName, byte[] reference, ErrnoHistogram outcomes) {
        this.mountPoint = mountPoint;
        this.disk = disk;
        this.referenceName = referenceName;
        this.reference = reference;
        this.outcomes = outcomes;
    }

    void start(int writers) {
        for (int i = 0; i < writers; i++) {
            int id = i;
            threads.add(Threads.daemon("card-writer-" + id, () -> loop(() -> writeOne(id))));
        }
        threads.add(Threads.daemon("card-reader", () -> loop(this::readReference)));
        threads.add(Threads.daemon("raw-reader", this::readRaw));
    }

    /** From now on failures of the {@link #DEVICE_GONE} class are expected. Call just before the removal. */
    void removalStarts() {
        removing = true;
    }

    /** Stops the workers; false if one is still inside a call after {@code timeout} (stuck in the kernel). */
    boolean stop(Duration timeout) throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !thread.join(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    /** Unexpected errnos, wrong data, worker crashes: each one line. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    String totals() {
        return "written " + bytesWritten.get() / 1024 + " KiB, read " + bytesRead.get() / 1024 + " KiB through the file system, "
                + rawBytesRead.get() / 1024 + " KiB from /dev/" + disk;
    }

    private interface Step {
        void run() throws LinuxException;
    }

    private void loop(Step step) {
        try {
            while (!stopping) {
                try {
                    step.run();
                } catch (LinuxException e) {
                    failed(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            problems.add(Thread.currentThread().getName() + " crashed: " + e);
        }
    }

    private void failed(LinuxException e) throws InterruptedException {
        outcomes.add(e);
        Errno errno = Errno.of(e.errno()).orElse(null);
        if (!removing) {
            problems.add("before the removal: " + e.getMessage());
        } else if (errno == null || !DEVICE_GONE.contains(errno)) {
            problems.add("after the removal, not a device-gone error: " + e.getMessage());
        }
        Thread.sleep(BACKOFF_MILLIS);
    }

    private void writeOne(int writer) throws LinuxException {
        long n = bytesWritten.get() / (WRITE_CHUNK * WRITE_CHUNKS);
        String path = mountPoint + "/w" + writer + "-" + (n % FILES_PER_WRITER);
        byte[] chunk = new byte[WRITE_CHUNK];
        Arrays.fill(chunk, (byte) ('a' + writer));
        try (NativeFile file = NativeFile.createTruncated(path)) {
            for (int i = 0; i < WRITE_CHUNKS && !stopping; i++) {
                file.pwriteBytes(chunk, (long) i * WRITE_CHUNK);
                bytesWritten.addAndGet(WRITE_CHUNK);
            }
            file.fsync();
        }
    }

    private void readReference() throws LinuxException {
        String path = mountPoint + "/" + referenceName;
        byte[] data;
        try (NativeFile file = NativeFile.openReadOnly(path)) {
            data = file.preadBytes(0, reference.length);
        }
        bytesRead.addAndGet(data.length);
        if (!Arrays.equals(data, reference)) {
            problems.add("DATA MISMATCH " + path + ": " + data.length + " bytes, differs from what was synced at offset "
                    + Arrays.mismatch(data, reference) + (removing ? " (after the removal)" : ""));
        }
    }

    /** One descriptor held across the removal, as a backup tool or dd would. */
    private void readRaw() {
        String path = "/dev/" + disk;
        NativeFile device;
        try {
            device = NativeFile.openReadOnly(path);
        } catch (LinuxException e) {
            problems.add("cannot open " + path + " before the removal: " + e.getMessage());
            return;
        }
        try (device) {
            long offset = 0;
            while (!stopping) {
                try {
                    byte[] data = device.preadBytes(offset, RAW_READ);
                    rawBytesRead.addAndGet(data.length);
                    if (data.length == 0 && offset == 0) {
                        // The disk's capacity went to 0 (del_gendisk): every read is now an empty one.
                        outcomes.add("pread 0 bytes");
                        if (!removing) {
                            problems.add("before the removal: " + path + " read 0 bytes at offset 0");
                        }
                        Thread.sleep(BACKOFF_MILLIS);
                    }
                    offset = data.length < RAW_READ ? 0 : offset + RAW_READ;
                } catch (LinuxException e) {
                    failed(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (LinuxException e) {
            outcomes.add(e);
        } catch (RuntimeException e) {
            problems.add("raw-reader crashed: " + e);
        }
    }
}
