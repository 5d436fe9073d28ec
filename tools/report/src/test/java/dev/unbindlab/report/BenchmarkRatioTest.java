package dev.unbindlab.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BenchmarkRatioTest {

    @Test
    void readsABenchReport(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("bench.json"), """
                { "device" : "/dev/mtd0", "java" : [ ], "c" : [ ], "seconds" : 400,
                  "ratios" : [
                    { "name" : "ffmPread/c", "read_size" : 65536, "value" : 0.97, "low" : 0.9, "high" : 1.04, "goal" : 0.95, "goal_verdict" : "undecided" },
                    { "name" : "fileChannelRead/c", "read_size" : 4096, "value" : 0.8, "low" : 0.7, "high" : 0.9, "goal" : null, "goal_verdict" : null } ] }
                """);
        List<BenchmarkRatio> ratios = BenchmarkRatio.read(file);
        assertEquals(2, ratios.size());
        BenchmarkRatio ffm = ratios.getFirst();
        assertEquals("ffmPread/c 65536 B", ffm.name());
        assertEquals("ffmPread", ffm.candidate());
        assertEquals(Optional.of(0.95), ffm.goal());
        assertEquals(Optional.of(true), ffm.meetsGoal());
        assertEquals(Optional.empty(), ratios.get(1).goal());
    }

    @Test
    void refusesOtherJson(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.json"), "{ \"hello\" : 1 }");
        assertThrows(java.io.IOException.class, () -> BenchmarkRatio.read(file));
    }
}
