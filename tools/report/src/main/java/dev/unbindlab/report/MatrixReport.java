package dev.unbindlab.report;

import dev.unbindlab.runner.MatrixRun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;

/**
 * A matrix run as the reports show it: every cell, the benchmark ratios given with it, when it
 * ran and how long it took.
 */
public record MatrixReport(String started, double tookS, String host, List<MatrixCell> cells, List<BenchmarkRatio> benchmarks) {

    public static final String HTML = "report.html";
    public static final String JSON = "report.json";
    public static final String KTAP = "results.ktap";

    public MatrixReport {
        cells = List.copyOf(cells);
        benchmarks = List.copyOf(benchmarks);
    }

    public static MatrixReport of(Instant started, double tookS, String host, List<MatrixRun.Outcome> outcomes, OptionalInt cycles,
                                  List<BenchmarkRatio> benchmarks) {
        return new MatrixReport(started.toString(), tookS, host, outcomes.stream().map(o -> MatrixCell.of(o, cycles)).toList(), benchmarks);
    }

    public long asExpected() {
        return cells.stream().filter(MatrixCell::asExpected).count();
    }

    /**
     * Writes {@value #HTML}, {@value #JSON} and {@value #KTAP} into {@code directory}, with each
     * cell's console log and KTAP under {@code cells/<id>/}, so the directory stands alone (a CI
     * artifact, a mail attachment) and the HTML's links work from anywhere.
     */
    public void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        for (MatrixCell cell : cells) {
            if (cell.runDirectory().isEmpty()) {
                continue;
            }
            Path target = Files.createDirectories(directory.resolve("cells").resolve(cell.id()));
            Path run = Path.of(cell.runDirectory().get());
            copyIfPresent(run.resolve("console.log"), target.resolve("console.log"));
            if (cell.ktap().isPresent()) {
                copyIfPresent(Path.of(cell.ktap().get()), target.resolve("results.ktap"));
            }
            copyIfPresent(run.resolve("cmdline.txt"), target.resolve("cmdline.txt"));
        }
        Files.writeString(directory.resolve(JSON), Json.write(this) + "\n");
        Files.writeString(directory.resolve(KTAP), KtapReport.render(this));
        Files.writeString(directory.resolve(HTML), HtmlReport.render(this));
    }

    private static void copyIfPresent(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
