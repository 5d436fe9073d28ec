package dev.unbindlab.scenario;

import dev.unbindlab.scenario.mmc.MmcRemovalScenario;
import dev.unbindlab.scenario.mtdconformance.MtdConformance;
import dev.unbindlab.scenario.nvmem.NvmemMtdRemoval;
import dev.unbindlab.scenario.nvmem.NvmemReadCost;
import dev.unbindlab.scenario.nvmem.NvmemUnbindScenario;
import dev.unbindlab.scenario.spinor.SpiNorUnbindScenario;
import dev.unbindlab.scenario.stresscli.StressCliScenario;
import dev.unbindlab.scenario.bench.MtdReadBench;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every scenario the project knows, by name. */
public final class Scenarios {

    private static final List<Scenario> ALL = Stream.of(Stream.<Scenario>of(new MtdConformance()),
                    SpiNorUnbindScenario.ALL.stream(), NvmemUnbindScenario.ALL.stream(),
                    Stream.of(new NvmemMtdRemoval(), new NvmemReadCost()), MmcRemovalScenario.ALL.stream(),
                    Stream.of(new StressCliScenario(), new MtdReadBench()))
            .flatMap(s -> s).collect(Collectors.toUnmodifiableList());

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return ALL;
    }

    public static Optional<Scenario> find(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Like {@link #find}, with an error that lists the known names. */
    public static Scenario byName(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + name + "' (known: "
                + ALL.stream().map(Scenario::name).collect(Collectors.joining(", ")) + ")"));
    }
}
