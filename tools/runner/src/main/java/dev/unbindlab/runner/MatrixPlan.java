package dev.unbindlab.runner;

import dev.unbindlab.kernel.KernelVariant;
import dev.unbindlab.kernel.VariantCatalog;
import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.vm.Arch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The scenario × kernel cells of the matrix: every scenario on every variant of each of its
 * architectures that it {@linkplain Scenario#appliesTo applies to}, measurements left out
 * ({@code vm cost} runs those). The JUnit cells and {@code unbindlab matrix} both come from here.
 */
public final class MatrixPlan {

    /** One scenario on one kernel variant. */
    public record Cell(Scenario scenario, KernelVariant variant) {

        /** {@code mtd-conformance × x86_64-vanilla}. */
        public String name() {
            return scenario.name() + " × " + variant.id();
        }
    }

    private MatrixPlan() {
    }

    /** The cells of {@code scenarios} on {@code arches}, in scenario order, then architecture, then the catalog's variant order. */
    public static List<Cell> cells(Collection<Scenario> scenarios, VariantCatalog catalog, Collection<Arch> arches) {
        List<Cell> cells = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            if (scenario.isMeasurement()) {
                continue;
            }
            for (Arch arch : Arch.values()) {
                if (!arches.contains(arch) || !scenario.arches().contains(arch)) {
                    continue;
                }
                for (KernelVariant variant : catalog.forArch(arch)) {
                    if (scenario.appliesTo(variant.name())) {
                        cells.add(new Cell(scenario, variant));
                    }
                }
            }
        }
        return cells;
    }
}
