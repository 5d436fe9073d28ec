package dev.unbindlab.stress;

import dev.unbindlab.scenario.unbind.ErrnoHistogram;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/** What the readers of one cycle read, all of it checked against the {@link FlashReference}. */
public final class CycleData {

    private final FlashReference reference;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong completePasses = new AtomicLong();
    private final AtomicLong mismatchingReads = new AtomicLong();
    private final ErrnoHistogram errors = new ErrnoHistogram();
    private volatile String firstMismatch;

    CycleData(FlashReference reference) {
        this.reference = reference;
    }

    /** Checks what one {@code read(2)} returned at {@code offset}; {@code data}'s position is unchanged. */
    public void check(String reader, long offset, ByteBuffer data) {
        reads.incrementAndGet();
        bytes.addAndGet(data.remaining());
        long at = reference.firstDifference(offset, data);
        if (at >= 0) {
            mismatchingReads.incrementAndGet();
            synchronized (this) {
                if (firstMismatch == null) {
                    firstMismatch = reader + ": read of " + data.remaining() + " B at offset 0x" + Long.toHexString(offset)
                            + " differs from the reference at offset 0x" + Long.toHexString(at);
                }
            }
        }
    }

    void completePass() {
        completePasses.incrementAndGet();
    }

    /** What the readers' calls returned after the unbind ({@code read ENODEV}...), for the run's totals. */
    public ErrnoHistogram errors() {
        return errors;
    }

    public boolean matches() {
        return mismatchingReads.get() == 0;
    }

    public long bytes() {
        return bytes.get();
    }

    static final String SUMMARY_START = "data: ";

    /** One diagnostic line: how much was read and whether it all matched. */
    String summary() {
        String read = SUMMARY_START + reads.get() + " reads, " + Sizes.human(bytes.get()) + ", " + completePasses.get() + " complete passes";
        return matches() ? read + ", all data matches the reference"
                : read + ", DATA MISMATCH in " + mismatchingReads.get() + " reads; first: " + firstMismatch;
    }
}
