package dev.unbindlab.it.cells;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unbindlab.ktap.Ktap;
import dev.unbindlab.ktap.KtapTest;
import dev.unbindlab.kernel.KernelVariant;
import dev.unbindlab.kernel.VariantCatalog;
import dev.unbindlab.kernel.VmImages;
import dev.unbindlab.runner.MatrixPlan;
import dev.unbindlab.scenario.GuestContext;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.Scenarios;
import dev.unbindlab.vm.Arch;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scenario × kernel cells as JUnit tests, one per kernel variant of each architecture the
 * scenario runs on and {@linkplain Scenario#appliesTo applies to}, named {@code mtd-conformance × x86_64-vanilla}. Each
 * passes when the cell of the suite's {@code ./unbindlab matrix} run ({@link MatrixSession}) has
 * the verdict the scenario expects on that variant.
 */
public final class ScenarioCells {

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
            tests.add(DynamicTest.dynamicTest(cell.name(), () -> check(cell.scenario(), cell.variant())));
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

    private static void check(Scenario scenario, KernelVariant variant) throws Exception {
        MatrixSession.Run run = MatrixSession.get();
        JsonNode cell = run.cell(scenario.name(), variant.arch().id(), variant.name());
        assertNotNull(cell, () -> "the matrix report has no cell " + scenario.name() + " × " + variant.id());
        // as_expected also checks the kind of the first report where the expectation names one.
        assertTrue(cell.get("as_expected").asBoolean(),
                () -> "expected " + cell.get("expected").asText() + ", got " + cell.get("verdict").asText() + ": " + describe(run, cell));
    }

    private static String describe(MatrixSession.Run run, JsonNode cell) {
        StringBuilder text = new StringBuilder(cell.get("explanation").asText());
        Path ktap = run.reportDirectory().resolve("cells").resolve(cell.get("scenario").asText() + "." + cell.get("arch").asText()
                + "-" + cell.get("variant").asText()).resolve(GuestContext.KTAP_FILE);
        try {
            if (Files.exists(ktap)) {
                for (KtapTest test : Ktap.parse(Files.readString(ktap)).tests()) {
                    if (test.failed()) {
                        text.append("\n  not ok ").append(test.name()).append(": ").append(test.diagnostics());
                    }
                }
            }
        } catch (IOException e) {
            text.append("\n  (cannot read ").append(ktap).append(": ").append(e.getMessage()).append(")");
        }
        if (!cell.path("shared_boot_with").isEmpty()) {
            text.append("\n  boot shared with: ").append(cell.get("shared_boot_with"));
        }
        return text.append("\n  run directory: ").append(cell.path("run_directory").asText("-")).toString();
    }

    static Path repository() {
        return Path.of(System.getProperty("unbindlab.root", "..")).toAbsolutePath().normalize();
    }
}
