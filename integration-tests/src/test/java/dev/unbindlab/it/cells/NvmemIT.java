package dev.unbindlab.it.cells;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Stream;

/**
 * nvmem providers unbound while in use (at24 on QEMU's PIIX4 SMBus, x86_64), on vanilla and the
 * two ports of the SRCU series; plus the MTD removal the series breaks. Expected verdicts and why
 * are in {@code NvmemUnbindScenario#expected} and {@code NvmemMtdRemoval#expected}.
 */
class NvmemIT {

    @TestFactory
    Stream<DynamicContainer> cells() {
        return Stream.of("nvmem-unbind-with-consumer", "nvmem-adapter-unplug", "nvmem-sysfs-only", "nvmem-mtd-removal")
                .map(name -> {
                    try {
                        return DynamicContainer.dynamicContainer(name, ScenarioCells.of(name));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
