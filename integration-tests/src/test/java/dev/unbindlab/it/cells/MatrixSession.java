package dev.unbindlab.it.cells;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbindlab.report.Json;
import dev.unbindlab.report.MatrixReport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one {@code ./unbindlab matrix} run that every cell class reads its cells from, started by
 * the first cell that asks for a result and run exactly as a developer would (building missing
 * kernels first, with the build's and the cells' progress on this test's stderr). One run, not
 * one {@code vm run} per cell, because the matrix lets the cells of a kernel that are expected
 * clean share a boot, which is most of what makes the suite fit its time on 2 cores.
 */
final class MatrixSession {

    /** Every kernel built from nothing (~25 min on 2 cores) plus the cells, with margin. */
    private static final long TIMEOUT_MINUTES = 80;

    /** How the run ended: its exit status and report, or why there is none. */
    record Run(int exitStatus, Path reportDirectory, JsonNode report) {

        /** The report's cell, or null if the matrix has none such. */
        JsonNode cell(String scenario, String arch, String variant) {
            for (JsonNode cell : report.get("cells")) {
                if (cell.get("scenario").asText().equals(scenario) && cell.get("arch").asText().equals(arch)
                        && cell.get("variant").asText().equals(variant)) {
                    return cell;
                }
            }
            return null;
        }
    }

    private static Run run;
    private static AssertionError failure;

    private MatrixSession() {
    }

    static synchronized Run get() throws Exception {
        if (run == null && failure == null) {
            try {
                run = start();
            } catch (AssertionError e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return run;
    }

    private static Run start() throws Exception {
        Path root = ScenarioCells.repository();
        Path report = root.resolve("integration-tests/target/matrix");
        List<String> command = new ArrayList<>(List.of(root.resolve("unbindlab").toString(), "matrix", "--report", report.toString(),
                "--cycles", System.getProperty(ScenarioCells.CYCLES_PROPERTY, "own")));
        Path out = Files.createTempFile("matrix", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroy();
                process.waitFor(60, TimeUnit.SECONDS);
                throw new AssertionError("unbindlab matrix did not finish in " + TIMEOUT_MINUTES + " min");
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            System.err.print(stdout);
            Path json = report.resolve(MatrixReport.JSON);
            if (!Files.exists(json)) {
                throw new AssertionError("unbindlab matrix exited " + process.exitValue() + " without " + json + ": " + stdout);
            }
            return new Run(process.exitValue(), report, Json.mapper().readTree(json.toFile()));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
