package dev.unbindlab.stress;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlashReferenceTest {

    private static FlashReference reference(int size) {
        ByteBuffer content = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            content.put((byte) (i * 7 + 3));
        }
        return new FlashReference(content.flip(), 2_000_000_000L);
    }

    private static ByteBuffer copyOf(FlashReference ref, int offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        for (int i = 0; i < length; i++) {
            b.put((byte) ((offset + i) * 7 + 3));
        }
        return b.flip();
    }

    @Test
    void matchingReadAtAnOffset() {
        FlashReference ref = reference(4096);
        ByteBuffer data = copyOf(ref, 1000, 512);
        assertEquals(-1, ref.firstDifference(1000, data));
        assertEquals(0, data.position(), "the caller's buffer is not consumed");
    }

    @Test
    void firstDifferenceIsTheAbsoluteOffset() {
        FlashReference ref = reference(4096);
        ByteBuffer data = copyOf(ref, 1000, 512);
        data.put(300, (byte) ~data.get(300));
        data.put(400, (byte) ~data.get(400));
        assertEquals(1300, ref.firstDifference(1000, data));
    }

    @Test
    void onlyTheBuffersRemainingBytesCount() {
        FlashReference ref = reference(4096);
        ByteBuffer data = ByteBuffer.allocate(100);
        data.put(0, (byte) 0x55); // garbage before the position
        data.position(10);
        ByteBuffer good = copyOf(ref, 20, 90);
        data.put(10, good, 0, 90);
        assertEquals(-1, ref.firstDifference(20, data));
    }

    @Test
    void bytesPastTheEndOfTheFlashDiffer() {
        FlashReference ref = reference(4096);
        ByteBuffer data = ByteBuffer.allocate(200);
        data.put(copyOf(ref, 4000, 96)).position(200).flip();
        assertEquals(4096, ref.firstDifference(4000, data));
        assertEquals(5000, ref.firstDifference(5000, ByteBuffer.allocate(1)));
        assertEquals(-1, ref.firstDifference(5000, ByteBuffer.allocate(0)));
    }

    @Test
    void speedAndDigestOfTheReferenceRead() {
        FlashReference ref = reference(4096);
        assertEquals(2048.0, ref.bytesPerSecond(), 1e-9);
        assertEquals(2000, ref.readMillis());
        ByteBuffer empty = ByteBuffer.allocate(0);
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", FlashReference.sha256(empty));
        assertEquals(64, ref.sha256().length());
    }

    @Test
    void cycleDataSummarisesMismatchesWithTheOffset() {
        FlashReference ref = reference(4096);
        CycleData data = new CycleData(ref);
        data.check("reader-1", 0, copyOf(ref, 0, 1024));
        assertTrue(data.matches());
        ByteBuffer bad = copyOf(ref, 2048, 1024);
        bad.put(17, (byte) ~bad.get(17));
        data.check("reader-3", 2048, bad);
        assertFalse(data.matches());
        assertEquals("data: 2 reads, 2 KiB, 0 complete passes, DATA MISMATCH in 1 reads; first: reader-3: read of 1024 B "
                + "at offset 0x800 differs from the reference at offset 0x811", data.summary());
    }
}
