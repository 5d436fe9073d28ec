package dev.unbindlab.linux.kmsg;

import dev.unbindlab.bindings.abi.LinuxAbi;
import dev.unbindlab.linux.Errno;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.NativeFile;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A reader of {@code /dev/kmsg}: one {@code read(2)} returns exactly one record. Records that
 * the ring buffer overwrote before we read them are counted ({@code EPIPE}), not silently lost.
 * Not thread-safe: one reader per instance.
 */
public final class KernelLog implements AutoCloseable {

    public static final Path DEV_KMSG = Path.of("/dev/kmsg");
    /** Larger than any record: the kernel limits a record to 1 KiB of text plus its dictionary. */
    private static final int RECORD_BUFFER = 16 * 1024;

    private final NativeFile file;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment buffer = arena.allocate(RECORD_BUFFER);
    private long lostRecords;

    private KernelLog(NativeFile file) {
        this.file = file;
    }

    /** Opens at the oldest record still in the ring buffer. */
    public static KernelLog open() throws LinuxException {
        return open(DEV_KMSG);
    }

    public static KernelLog open(Path kmsg) throws LinuxException {
        return new KernelLog(NativeFile.open(kmsg.toString(), LinuxAbi.O_RDONLY() | LinuxAbi.O_NONBLOCK()));
    }

    /** Skips everything logged so far: later reads return only new records. */
    public void seekToEnd() throws LinuxException {
        file.seek(0, LinuxAbi.SEEK_END());
    }

    /** How many records the kernel overwrote before this reader got to them. */
    public long lostRecords() {
        return lostRecords;
    }

    /** The next record if one is already there. */
    public Optional<KmsgRecord> poll() throws LinuxException {
        while (true) {
            long n;
            try {
                n = file.read(buffer);
            } catch (LinuxException e) {
                if (e.is(Errno.EAGAIN)) {
                    return Optional.empty();
                }
                if (e.is(Errno.EPIPE)) {
                    lostRecords++; // the position moved to the oldest record still there: read on
                    continue;
                }
                throw e;
            }
            if (n == 0) {
                return Optional.empty();
            }
            String raw = new String(buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_8);
            return Optional.of(KmsgRecord.parse(raw));
        }
    }

    /** The next record, waiting up to {@code timeoutMillis} for one. */
    public Optional<KmsgRecord> next(int timeoutMillis) throws LinuxException {
        Optional<KmsgRecord> record = poll();
        if (record.isEmpty() && file.pollIn(timeoutMillis) != 0) {
            record = poll();
        }
        return record;
    }

    /** Every record available now, without waiting. */
    public List<KmsgRecord> drain() throws LinuxException {
        List<KmsgRecord> records = new ArrayList<>();
        for (Optional<KmsgRecord> r = poll(); r.isPresent(); r = poll()) {
            records.add(r.get());
        }
        return records;
    }

    @Override
    public void close() throws LinuxException {
        try {
            file.close();
        } finally {
            arena.close();
        }
    }
}
