package dev.unbindlab.report;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatrixReportTest {

    private static MatrixCell cell(String scenario, String arch, String variant, String verdict, String expected, boolean asExpected,
                                   Optional<String> title, Optional<String> frame, Path runDirectory) {
        return new MatrixCell(scenario, arch, variant, verdict, expected, asExpected, verdict + " explanation", title.map(t -> "KASAN"),
                title, frame, 1, verdict.equals("reproduced") ? 1 : 0, Optional.of(verdict.equals("clean") ? 3 : 0), Optional.of(3),
                Optional.of(7.5), 42.0, Optional.of("cells/" + scenario + "." + arch + "-" + variant + "/console.log"),
                Optional.of(runDirectory.toString()), Optional.of(runDirectory.resolve("guest/results.ktap").toString()), List.of());
    }

    private static MatrixReport sample(Path runs) throws Exception {
        Path run = Files.createDirectories(runs.resolve("run1"));
        Files.writeString(run.resolve("console.log"), "[    1.0] BUG: KASAN: slab-use-after-free in at24_read\n");
        List<MatrixCell> cells = List.of(
                cell("nvmem-unbind-with-consumer", "x86_64", "vanilla", "reproduced", "reproduced", true,
                        Optional.of("KASAN: slab-use-after-free Read in at24_read"), Optional.of("at24_read"), run),
                cell("nvmem-unbind-with-consumer", "x86_64", "nvmem-srcu-v1-fixed", "clean", "clean", true, Optional.empty(),
                        Optional.empty(), run),
                cell("mmc-card-removal", "x86_64", "vanilla", "fail", "clean", false, Optional.empty(), Optional.empty(), run),
                cell("spi-nor-held-open", "arm64", "mtdchar-revoke", "clean", "clean", true, Optional.empty(), Optional.empty(), run));
        List<BenchmarkRatio> ratios = List.of(new BenchmarkRatio("vm cost nvmem-read-cost", "cmos 16 B", "vanilla",
                "nvmem-srcu-v1-fixed", 1.020, 0.977, 1.064, Optional.empty(), false));
        return new MatrixReport("2026-11-22T12:00:00Z", 512, "test-host", cells, ratios);
    }

    @Test
    void ktapHasOneTestPerCellOkWhenAsExpected(@TempDir Path dir) throws Exception {
        String ktap = KtapReport.render(sample(dir));
        assertTrue(ktap.startsWith("KTAP version 1\n1..4\n"), ktap);
        assertTrue(ktap.contains("\nok 1 nvmem-unbind-with-consumer.x86_64-vanilla\n"), ktap);
        assertTrue(ktap.contains("# first report: KASAN: slab-use-after-free Read in at24_read (guilty frame at24_read)"), ktap);
        assertTrue(ktap.contains("\nnot ok 3 mmc-card-removal.x86_64-vanilla\n"), ktap);
    }

    @Test
    void writesTheThreeFilesAndEachCellsConsole(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("report");
        sample(dir).write(out);
        for (String name : List.of(MatrixReport.HTML, MatrixReport.JSON, MatrixReport.KTAP)) {
            assertTrue(Files.size(out.resolve(name)) > 0, name);
        }
        assertTrue(Files.readString(out.resolve("cells/nvmem-unbind-with-consumer.x86_64-vanilla/console.log")).contains("at24_read"));
        var json = Json.mapper().readTree(Files.readString(out.resolve(MatrixReport.JSON)));
        assertEquals(4, json.path("cells").size());
        assertEquals("at24_read", json.path("cells").get(0).path("guilty_frame").asText());
    }

    @Test
    void escapesWhatAKernelTitleMayContain() {
        assertEquals("&lt;a href=&quot;x&quot;&gt; &amp; &#39;", HtmlReport.esc("<a href=\"x\"> & '"));
    }

    /** What a reader sees: Chromium renders the page, the table has the cells by verdict, and a screenshot is kept. */
    @Test
    void rendersInHeadlessChromium(@TempDir Path dir) throws Exception {
        Optional<HeadlessChromium> chromium = HeadlessChromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), "Debian's chromium is not installed (vm-images/host/setup-apt.sh installs it)");
        Path out = dir.resolve("report");
        sample(dir).write(out);
        String dom = chromium.get().dumpDom(out.resolve(MatrixReport.HTML));

        Matcher cells = Pattern.compile("<td class=\"cell v-([a-z-]+)( unexpected)?\" data-scenario=\"([^\"]+)\" data-kernel=\"([^\"]+)\"")
                .matcher(dom);
        StringBuilder seen = new StringBuilder();
        while (cells.find()) {
            seen.append(cells.group(3)).append('@').append(cells.group(4)).append('=').append(cells.group(1))
                    .append(cells.group(2) == null ? "" : "!").append(';');
        }
        assertEquals("nvmem-unbind-with-consumer@x86_64-vanilla=reproduced;nvmem-unbind-with-consumer@x86_64-nvmem-srcu-v1-fixed=clean;"
                + "mmc-card-removal@x86_64-vanilla=fail!;spi-nor-held-open@arm64-mtdchar-revoke=clean;", seen.toString());
        // Scenarios without a cell on a kernel get an empty placeholder, not a missing column.
        assertEquals(3 * 3 - 4, Pattern.compile("<td class=\"none\"").matcher(dom).results().count());
        assertTrue(dom.contains("4 cells, 3 as expected"), "summary line");
        assertTrue(dom.contains("<svg"), "benchmark chart");

        Path png = out.resolve("report.png");
        chromium.get().screenshot(out.resolve(MatrixReport.HTML), png, 1400, 900);
        byte[] header = new byte[8];
        System.arraycopy(Files.readAllBytes(png), 0, header, 0, 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, header);
        assertFalse(dom.contains("no-benchmarks"));
    }
}
