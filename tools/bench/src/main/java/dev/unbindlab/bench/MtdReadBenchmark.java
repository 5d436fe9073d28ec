package dev.unbindlab.bench;

import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.mtd.MtdDevice;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Sequential reads of an MTD, one {@code pread(2)} of {@code readSize} per operation, wrapping at
 * the end: through the typed FFM API ({@link MtdDevice#pread} into a direct buffer, i.e. a native
 * segment) and through {@link FileChannel} with a direct buffer. Bytes per second are
 * operations per second times {@code readSize}; {@code mtd-read-loop.c} does the same in C.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MtdReadBenchmark {

    /** The MTD character device; the runner sets it. */
    @Param("/dev/mtd0")
    public String device;

    @Param({"4096", "65536", "262144", "1048576"})
    public int readSize;

    private MtdDevice mtd;
    private FileChannel channel;
    private ByteBuffer buffer;
    private long size;
    private long offset;

    @Setup(Level.Trial)
    public void open() throws IOException {
        mtd = MtdDevice.open(Path.of(device));
        channel = FileChannel.open(Path.of(device), StandardOpenOption.READ);
        buffer = ByteBuffer.allocateDirect(readSize);
        size = mtd.info().size();
        if (size < readSize || size % readSize != 0) {
            throw new IllegalStateException(device + ": " + size + " bytes is not a whole number of " + readSize + "-byte reads");
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        mtd.close();
        channel.close();
    }

    private long next() {
        long at = offset;
        offset = (offset + readSize) % size;
        return at;
    }

    @Benchmark
    public int ffmPread() throws LinuxException {
        return mtd.pread(buffer.clear(), next());
    }

    @Benchmark
    public int fileChannelRead() throws IOException {
        return channel.read(buffer.clear(), next());
    }
}
