package dev.unbindlab.stress;

import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.NativeFile;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The flash content from the first clean full read, before any unbind: every later read is
 * compared with it byte for byte (which also gives the offset of the first difference).
 */
public final class FlashReference {

    public static final int READ_CHUNK = 128 << 10;

    private final ByteBuffer content;
    private final String sha256;
    private final long readNanos;

    FlashReference(ByteBuffer content, long readNanos) {
        this.content = content.asReadOnlyBuffer().clear();
        this.sha256 = sha256(this.content.duplicate());
        this.readNanos = readNanos;
    }

    /** Reads the whole device with plain {@code read(2)} calls, like {@code cat}. */
    public static FlashReference read(StressedDevice device) throws LinuxException {
        long size = device.size();
        Path node = device.node();
        if (size <= 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("flash size " + size + " does not fit a buffer");
        }
        ByteBuffer all = ByteBuffer.allocateDirect((int) size);
        long start = System.nanoTime();
        try (NativeFile file = device.open()) {
            while (all.hasRemaining()) {
                ByteBuffer chunk = all.slice(all.position(), Math.min(READ_CHUNK, all.remaining()));
                int n = file.read(chunk);
                if (n == 0) {
                    throw new IllegalStateException(node + ": end of device after " + all.position() + " of " + size + " bytes");
                }
                all.position(all.position() + n);
            }
        }
        return new FlashReference(all.flip(), System.nanoTime() - start);
    }

    public long size() {
        return content.capacity();
    }

    public String sha256() {
        return sha256;
    }

    /** Bytes per second of the reference read. */
    public double bytesPerSecond() {
        return size() * 1e9 / Math.max(1, readNanos);
    }

    public long readMillis() {
        return readNanos / 1_000_000;
    }

    /**
     * The absolute offset of the first byte of {@code data} (its remaining bytes, read at
     * {@code offset}) that differs from the reference, or -1 if all match. Bytes past the end of
     * the flash differ at the flash size. {@code data}'s position is unchanged.
     */
    long firstDifference(long offset, ByteBuffer data) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        if (offset >= size()) {
            return data.hasRemaining() ? offset : -1;
        }
        int comparable = (int) Math.min(data.remaining(), size() - offset);
        ByteBuffer expected = content.slice((int) offset, comparable);
        int at = expected.mismatch(data.slice(data.position(), comparable));
        if (at >= 0) {
            return offset + at;
        }
        return comparable < data.remaining() ? size() : -1;
    }

    public static String sha256(ByteBuffer data) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(data);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
