package dev.unbindlab.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MtdBenchTest {

    @Test
    void errorIsTheStudentIntervalJmhUses() {
        // 5 samples, variance (1 + 0 + 1 + 0.5 + 0.5) / 4 = 0.75; t(0.9995, 4) = 8.6103
        List<Double> samples = List.of(9.0, 10.0, 11.0, 10.0 - Math.sqrt(0.5), 10.0 + Math.sqrt(0.5));
        assertEquals(10.0, MtdBench.mean(samples), 1e-9);
        assertEquals(8.6103 * Math.sqrt(0.75 / 5), MtdBench.error999(samples), 1e-3);
        assertTrue(Double.isNaN(MtdBench.error999(List.of(1.0))));
    }

    @Test
    void ratioCarriesBothErrorsAndTheGoal() {
        MtdBench.Figure java = new MtdBench.Figure("ffmPread", 65536, 96.0, 0.96, List.of());
        MtdBench.Figure c = new MtdBench.Figure("c-pread", 65536, 100.0, 1.0, List.of());
        MtdBench.Ratio r = MtdBench.ratio("ffmPread/c", java, c, Optional.of(0.95));
        assertEquals(0.96, r.value(), 1e-9);
        double relative = Math.hypot(0.01, 0.01);
        assertEquals(0.96 * (1 - relative), r.low(), 1e-9);
        assertEquals(0.96 * (1 + relative), r.high(), 1e-9);
        assertEquals(Optional.of("undecided"), r.goalVerdict(), "0.96 ± 1.4% spans 0.95");
        MtdBench.Figure tight = new MtdBench.Figure("ffmPread", 65536, 99.0, 0.01, List.of());
        MtdBench.Figure exact = new MtdBench.Figure("c-pread", 65536, 100.0, 0.01, List.of());
        assertEquals(Optional.of("met"), MtdBench.ratio("a", tight, exact, Optional.of(0.95)).goalVerdict());
        assertEquals(Optional.of("not met"), MtdBench.ratio("b", c, new MtdBench.Figure("c", 65536, 200.0, 1.0, List.of()),
                Optional.of(0.95)).goalVerdict());
        MtdBench.Figure noisy = new MtdBench.Figure("ffmPread", 65536, 50.0, 100.0, List.of());
        assertEquals(0.0, MtdBench.ratio("c", noisy, exact, Optional.empty()).low(), "never below zero");
    }

    @Test
    void reportIsSnakeCaseJson(@TempDir Path dir) throws Exception {
        MtdBench.Figure c = new MtdBench.Figure("c-pread", 4096, 100.0, 1.0, List.of(99.0, 101.0));
        MtdBench.Report report = new MtdBench.Report("/dev/mtd0", List.of(), List.of(c),
                List.of(MtdBench.ratio("a/c", c, c, Optional.empty())), 12);
        Path file = dir.resolve(MtdBench.REPORT_FILE);
        MtdBench.write(report, file);
        String json = Files.readString(file);
        assertTrue(json.contains("\"ops_per_second\" : 100.0"), json);
        assertTrue(json.contains("\"goal_verdict\" : null"), json);
    }

    @Test
    void theKernelLimitComesFromMtdSpeedtestsLogLinesAndCIsSharedAgainstIt() {
        List<String> log = List.of(
                "mtd_speedtest: MTD device: 0",
                "mtd_speedtest: not NAND flash, assume page size is 512 bytes.",
                "mtd_speedtest: MTD device size 16777216, eraseblock size 131072, page size 512, count of eraseblocks 128, "
                        + "pages per eraseblock 256, OOB size 0",
                "mtd_speedtest: testing eraseblock write speed",
                "mtd_speedtest: eraseblock write speed is 301176 KiB/s",
                "mtd_speedtest: eraseblock read speed is 1024000 KiB/s",
                "mtd_speedtest: page read speed is 120470 KiB/s",
                "mtd_speedtest: 2 page read speed is 215578 KiB/s",
                "mtd_speedtest: finished");
        MtdBench.KernelLimit limit = MtdBench.KernelLimit.parse(log).orElseThrow();
        assertEquals(new MtdBench.KernelLimit(1024000, 120470, 215578, 131072, 512), limit);
        assertEquals(Optional.empty(), MtdBench.KernelLimit.parse(log.subList(0, 5)), "no read figure yet");

        MtdBench.Figure c = new MtdBench.Figure("c-pread", 65536, 8000.0, 10.0, List.of()); // 500 MiB/s
        MtdBench.Report report = new MtdBench.Report("/dev/mtd0", List.of(), List.of(c,
                new MtdBench.Figure("c-memgetinfo", 0, 1e6, 1.0, List.of())), List.of(), 1).withKernelLimit(limit);
        assertEquals(1, report.cShareOfLimit().size(), "read sizes only");
        assertEquals(500.0 * 1024 / 1024000, report.cShareOfLimit().getFirst().share(), 1e-9);
    }
}
