package dev.unbindlab.it.cells;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The nvmem cells without an in-kernel consumer, on vanilla and the two ports of the SRCU series:
 * sysfs readers during the unbind (the maintainer's "kernfs drains"), and the MTD removal the
 * series breaks. Expected verdicts and why are in {@code NvmemUnbindScenario#expected} and
 * {@code NvmemMtdRemoval#expected}.
 */
@Order(4)
class NvmemNoConsumerIT {

    @TestFactory
    Stream<DynamicContainer> cells() {
        return ScenarioCells.containers("nvmem-sysfs-only", "nvmem-mtd-removal");
    }
}
