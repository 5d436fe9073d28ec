package dev.unbindlab.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class CacheKeyTest {

    @TempDir Path tmp;

    private String key(Path series) throws Exception {
        return new CacheKey.Builder().text("arch", "x86_64").tree("patches", series).build().value();
    }

    @Test
    void anyChangeToAPatchSeriesChangesTheKey() throws Exception {
        Path series = Files.createDirectories(tmp.resolve("fix"));
        Files.writeString(series.resolve("0001-a.patch"), "one");
        String first = key(series);
        assertEquals(first, key(series));

        Files.writeString(series.resolve("0001-a.patch"), "one!");
        String edited = key(series);
        assertNotEquals(first, edited);

        Files.move(series.resolve("0001-a.patch"), series.resolve("0002-a.patch"));
        assertNotEquals(edited, key(series), "renaming a patch changes the apply order, so the key");
    }

    @Test
    void labelsAreKeptPerInputAndMissingTreesAreAnInputToo() throws Exception {
        CacheKey key = new CacheKey.Builder().text("variant", "vanilla").tree("modules", tmp.resolve("absent")).build();
        assertEquals(2, key.inputs().size());
        assertEquals("modules", key.inputs().get(1).split(" ")[0]);
        assertEquals(16, key.shortValue().length());
    }

    @Test
    void kernelVersionComesFromTheMakefile() throws Exception {
        assertEquals("7.3.4", KernelSource.version("VERSION = 7\nPATCHLEVEL = 3\nSUBLEVEL = 4\nEXTRAVERSION =\nNAME = x\n"));
        assertEquals("6.19.0-rc1", KernelSource.version("VERSION = 6\nPATCHLEVEL = 19\nSUBLEVEL = 0\nEXTRAVERSION = -rc1\n"));
    }
}
