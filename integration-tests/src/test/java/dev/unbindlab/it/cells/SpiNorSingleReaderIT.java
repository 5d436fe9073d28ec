package dev.unbindlab.it.cells;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The flagship's single-reader cases on every arm64 kernel variant: a file held open and idle
 * across the unbind of spi0.0, and one long read in flight. Expected verdicts and why are in
 * {@code SpiNorUnbindScenario#expected}; the looping readers are {@link SpiNorUnbindIT}.
 */
@Order(3)
class SpiNorSingleReaderIT {

    @TestFactory
    Stream<DynamicContainer> cells() {
        return ScenarioCells.containers("spi-nor-held-open", "spi-nor-slow-inflight");
    }
}
