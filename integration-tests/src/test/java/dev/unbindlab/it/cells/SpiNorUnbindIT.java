package dev.unbindlab.it.cells;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.stream.Stream;

/**
 * The flagship: unbinding the spi-nor flash or its cadence-qspi controller while /dev/mtd0 is in
 * use, on QEMU's xlnx-versal-virt (arm64), on every arm64 kernel variant. Expected verdicts and
 * why are in {@code SpiNorUnbindScenario#expected}.
 */
class SpiNorUnbindIT {

    @TestFactory
    Stream<DynamicContainer> cells() {
        return Stream.of("spi-nor-unbind-controller", "spi-nor-unbind-device", "spi-nor-held-open", "spi-nor-slow-inflight",
                        "spi-nor-queued-readers")
                .map(name -> {
                    try {
                        return DynamicContainer.dynamicContainer(name, ScenarioCells.of(name));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }
}
