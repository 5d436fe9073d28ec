package dev.unbindlab.runner;

import dev.unbindlab.kernel.KernelVariant;
import dev.unbindlab.kernel.VariantCatalog;
import dev.unbindlab.scenario.Scenarios;
import dev.unbindlab.vm.Arch;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatrixPlanTest {

    private static final VariantCatalog CATALOG = new VariantCatalog(List.of(
            new KernelVariant(Arch.X86_64, "vanilla", List.of()),
            new KernelVariant(Arch.X86_64, "mtdchar-revoke", List.of("mtdchar-revoke")),
            new KernelVariant(Arch.X86_64, "nvmem-srcu-v1-fixed", List.of("nvmem-srcu-v1-fixed")),
            new KernelVariant(Arch.ARM64, "vanilla", List.of()),
            new KernelVariant(Arch.ARM64, "mtdchar-revoke", List.of("mtdchar-revoke"))));

    private static List<String> names(List<MatrixPlan.Cell> cells) {
        return cells.stream().map(MatrixPlan.Cell::name).toList();
    }

    @Test
    void aScenarioGetsTheVariantsItAppliesToOnItsArchitectures() {
        assertEquals(List.of("nvmem-sysfs-only × x86_64-vanilla", "nvmem-sysfs-only × x86_64-nvmem-srcu-v1-fixed"),
                names(MatrixPlan.cells(List.of(Scenarios.byName("nvmem-sysfs-only")), CATALOG, EnumSet.allOf(Arch.class))));
        assertEquals(List.of("spi-nor-held-open × arm64-vanilla", "spi-nor-held-open × arm64-mtdchar-revoke"),
                names(MatrixPlan.cells(List.of(Scenarios.byName("spi-nor-held-open")), CATALOG, EnumSet.allOf(Arch.class))));
    }

    @Test
    void measurementsAndOtherArchitecturesStayOut() {
        List<String> x86 = names(MatrixPlan.cells(Scenarios.all(), CATALOG, EnumSet.of(Arch.X86_64)));
        assertTrue(x86.stream().noneMatch(n -> n.startsWith("nvmem-read-cost")), x86.toString());
        assertTrue(x86.stream().allMatch(n -> n.contains("× x86_64-")), x86.toString());
        assertTrue(x86.contains("mmc-card-removal × x86_64-vanilla"), x86.toString());
        assertTrue(!x86.contains("mmc-card-removal × x86_64-mtdchar-revoke"), x86.toString());
    }
}
