package dev.unbindlab.it.cells;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbindlab.report.Json;
import dev.unbindlab.kernel.KernelVariant;
import dev.unbindlab.kernel.VariantCatalog;
import dev.unbindlab.kernel.VmImages;
import dev.unbindlab.runner.MatrixPlan;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.Scenarios;
import dev.unbindlab.vm.Arch;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario × kernel cells as JUnit tests, one per kernel variant of each architecture the
 * scenario runs on and {@linkplain Scenario#appliesTo applies to}, named {@code mtd-conformance × x86_64-vanilla}. Each runs
 * {@code ./unbindlab vm run --json} exactly as a developer would (building the kernel first if
 * the cache lacks it, with the build's progress on this test's stderr) and passes when the
 * verdict is the one the scenario expects on that variant.
 */
public final class ScenarioCells {

    /** A first kernel build (~9 min on 2 cores) plus the run, with margin. */
    private static final long CELL_TIMEOUT_MINUTES = 45;
    /**
     * Cycles each cell plans for scenarios made of cycles: a number, or {@code own} for the
     * scenario's own (50 for spi-nor and nvmem). The build sets 3 so that the whole matrix fits CI's time;
     * a reproducing kernel stops at its first report either way.
     */
    static final String CYCLES_PROPERTY = "unbindlab.it.cycles";

    private ScenarioCells() {
    }

    public static Stream<DynamicTest> of(String scenarioName) throws IOException {
        Path root = repository();
        Scenario scenario = Scenarios.byName(scenarioName);
        VariantCatalog catalog = VariantCatalog.load(new VmImages(root.resolve("vm-images")));
        List<DynamicTest> tests = new ArrayList<>();
        for (MatrixPlan.Cell cell : MatrixPlan.cells(List.of(scenario), catalog, List.of(Arch.values()))) {
            tests.add(DynamicTest.dynamicTest(cell.name(), () -> run(root, cell.scenario(), cell.variant())));
        }
        return tests.stream();
    }

    /** One container of cells per scenario, named after it: what the multi-scenario cell classes return. */
    public static Stream<DynamicContainer> containers(String... scenarioNames) {
        return Stream.of(scenarioNames).map(name -> {
            try {
                return DynamicContainer.dynamicContainer(name, of(name));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void run(Path root, Scenario scenario, KernelVariant variant) throws Exception {
        Path out = Files.createTempFile("cell", ".json");
        try {
            List<String> command = new ArrayList<>(List.of(root.resolve("unbindlab").toString(), "vm", "run",
                    "--arch", variant.arch().id(), "--kernel", variant.name(), "--scenario", scenario.name(), "--json"));
            String cycles = System.getProperty(CYCLES_PROPERTY, "own");
            if (scenario.cycles().isPresent() && !cycles.equals("own")) {
                command.addAll(List.of("--cycles", cycles));
            }
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            if (!process.waitFor(CELL_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroy();
                process.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError("vm run did not finish in " + CELL_TIMEOUT_MINUTES + " min");
            }
            String json = Files.readString(out, StandardCharsets.UTF_8);
            assertTrue(json.startsWith("{"), "vm run exited " + process.exitValue() + " without a JSON result: " + json);
            JsonNode result = Json.mapper().readTree(json);
            // as_expected also checks the kind of the first report where the expectation names one.
            assertTrue(result.get("as_expected").asBoolean(),
                    () -> "expected " + result.get("expected").asText() + ", got " + result.get("verdict").asText() + ": " + describe(result));
            assertEquals(0, process.exitValue(), () -> "verdict as expected, but exit status " + process.exitValue());
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String describe(JsonNode result) {
        StringBuilder text = new StringBuilder(result.get("explanation").asText());
        for (JsonNode test : result.path("ktap").path("tests")) {
            if (test.get("result").asText().equals("not ok")) {
                text.append("\n  not ok ").append(test.get("name").asText()).append(": ").append(test.get("diagnostics"));
            }
        }
        return text.append("\n  run directory: ").append(result.get("run_dir").asText()).toString();
    }

    static Path repository() {
        return Path.of(System.getProperty("unbindlab.root", "..")).toAbsolutePath().normalize();
    }
}
