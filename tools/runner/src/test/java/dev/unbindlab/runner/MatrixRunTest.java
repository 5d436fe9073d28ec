package dev.unbindlab.runner;

import dev.unbindlab.kernel.KernelVariant;
import dev.unbindlab.kernel.VariantCatalog;
import dev.unbindlab.scenario.Scenarios;
import dev.unbindlab.vm.Arch;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MatrixRunTest {

    private static final VariantCatalog CATALOG = new VariantCatalog(List.of(
            new KernelVariant(Arch.X86_64, "vanilla", List.of()),
            new KernelVariant(Arch.X86_64, "mtdchar-revoke", List.of("mtdchar-revoke")),
            new KernelVariant(Arch.X86_64, "nvmem-srcu-v1", List.of("nvmem-srcu-v1")),
            new KernelVariant(Arch.X86_64, "nvmem-srcu-v1-fixed", List.of("nvmem-srcu-v1-fixed")),
            new KernelVariant(Arch.ARM64, "vanilla", List.of()),
            new KernelVariant(Arch.ARM64, "spinor-notifier-v2", List.of("spinor-notifier-v2")),
            new KernelVariant(Arch.ARM64, "mtdchar-revoke", List.of("mtdchar-revoke"))));

    private static final List<MatrixPlan.Cell> CELLS = MatrixPlan.cells(Scenarios.all(), CATALOG, EnumSet.allOf(Arch.class));

    private static List<List<String>> names(List<List<MatrixPlan.Cell>> boots) {
        return boots.stream().map(boot -> boot.stream().map(MatrixPlan.Cell::name).toList()).toList();
    }

    @Test
    void everyCellIsInExactlyOneBoot() {
        List<List<MatrixPlan.Cell>> boots = MatrixRun.boots(CELLS, Map.of());
        Set<MatrixPlan.Cell> seen = new HashSet<>();
        boots.forEach(boot -> boot.forEach(cell -> assertTrue(seen.add(cell), "twice: " + cell.name())));
        assertEquals(new HashSet<>(CELLS), seen);
    }

    @Test
    void aSharedBootHoldsOneKernelsCellsExpectedCleanAndNothingElse() {
        for (List<MatrixPlan.Cell> boot : MatrixRun.boots(CELLS, Map.of())) {
            if (boot.size() < 2) {
                continue;
            }
            KernelVariant variant = boot.getFirst().variant();
            for (MatrixPlan.Cell cell : boot) {
                assertEquals(variant, cell.variant(), cell.name());
                assertEquals("clean", cell.scenario().expected(variant.name()).label(), cell.name());
            }
        }
    }

    @Test
    void cellsThatMayReproduceHaveABootToThemselves() {
        List<List<String>> boots = names(MatrixRun.boots(CELLS, Map.of()));
        // Expected reproduced (a report spends the kernel), and "reproduced or clean" (it may).
        for (String cell : List.of("spi-nor-unbind-controller × arm64-vanilla", "nvmem-unbind-with-consumer × x86_64-nvmem-srcu-v1",
                "spi-nor-unbind-device × arm64-spinor-notifier-v2", "nvmem-mtd-removal × x86_64-nvmem-srcu-v1-fixed")) {
            assertTrue(boots.contains(List.of(cell)), cell + " alone in " + boots);
        }
    }

    @Test
    void theCleanCellsOfAKernelShareABoot() {
        List<List<String>> boots = names(MatrixRun.boots(CELLS, Map.of()));
        assertTrue(boots.contains(List.of("spi-nor-unbind-controller × arm64-mtdchar-revoke", "spi-nor-unbind-device × arm64-mtdchar-revoke",
                "spi-nor-held-open × arm64-mtdchar-revoke", "spi-nor-slow-inflight × arm64-mtdchar-revoke",
                "spi-nor-queued-readers × arm64-mtdchar-revoke")), boots.toString());
        assertTrue(boots.contains(List.of("stress-cli × arm64-mtdchar-revoke")), "stress-cli keeps a boot of its own: " + boots);
        // The MMC scenarios bring a card; the others have no devices of their own and join them.
        assertTrue(boots.contains(List.of("mtd-conformance × x86_64-vanilla", "nvmem-sysfs-only × x86_64-vanilla",
                "nvmem-mtd-removal × x86_64-vanilla", "mmc-card-removal × x86_64-vanilla", "mmc-controller-unbind × x86_64-vanilla")),
                boots.toString());
    }

    @Test
    void bootsStartLongestFirstByTheCellsLastTimesAndNeverTimedCellsCountAsTheirLimit() {
        List<MatrixPlan.Cell> two = CELLS.stream().filter(c -> c.name().equals("spi-nor-held-open × arm64-vanilla")
                || c.name().equals("nvmem-adapter-unplug × x86_64-vanilla")).toList();
        assertEquals(List.of(List.of("nvmem-adapter-unplug × x86_64-vanilla"), List.of("spi-nor-held-open × arm64-vanilla")),
                names(MatrixRun.boots(two, Map.of("spi-nor-held-open × arm64-vanilla", 49.0, "nvmem-adapter-unplug × x86_64-vanilla", 67.0))));
        assertEquals(List.of(List.of("spi-nor-held-open × arm64-vanilla"), List.of("nvmem-adapter-unplug × x86_64-vanilla")),
                names(MatrixRun.boots(two, Map.of("nvmem-adapter-unplug × x86_64-vanilla", 67.0))), "never timed: its limit");
        List<List<MatrixPlan.Cell>> boots = MatrixRun.boots(CELLS, Map.of());
        for (int i = 1; i < boots.size(); i++) {
            assertTrue(MatrixRun.estimate(boots.get(i - 1), Map.of()) >= MatrixRun.estimate(boots.get(i), Map.of()), names(boots).toString());
        }
    }
}
