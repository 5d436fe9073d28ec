package dev.unbindlab.it.cells;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The flagship: unbinding the spi-nor flash or its cadence-qspi controller while readers loop on
 * /dev/mtd0 (the seed's two traces, and readers queued on nor->lock), on QEMU's xlnx-versal-virt
 * (arm64), on every arm64 kernel variant. Expected verdicts and why are in
 * {@code SpiNorUnbindScenario#expected}; the single-reader cases are {@link SpiNorSingleReaderIT}.
 */
@Order(1)
class SpiNorUnbindIT {

    @TestFactory
    Stream<DynamicContainer> cells() {
        return ScenarioCells.containers("spi-nor-unbind-controller", "spi-nor-unbind-device", "spi-nor-queued-readers");
    }
}
