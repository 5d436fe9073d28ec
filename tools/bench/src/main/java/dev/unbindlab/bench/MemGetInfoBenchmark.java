package dev.unbindlab.bench;

import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.mtd.MtdDevice;
import dev.unbindlab.linux.mtd.MtdInfo;
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

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The ioctl rate: one {@code MEMGETINFO} per operation through the typed API (the struct decoded into {@link MtdInfo}). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MemGetInfoBenchmark {

    @Param("/dev/mtd0")
    public String device;

    private MtdDevice mtd;

    @Setup(Level.Trial)
    public void open() throws LinuxException {
        mtd = MtdDevice.open(Path.of(device));
    }

    @TearDown(Level.Trial)
    public void close() throws LinuxException {
        mtd.close();
    }

    @Benchmark
    public MtdInfo memGetInfo() throws LinuxException {
        return mtd.info();
    }
}
