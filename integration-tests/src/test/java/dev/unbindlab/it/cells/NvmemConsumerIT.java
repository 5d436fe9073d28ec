package dev.unbindlab.it.cells;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * nvmem providers unbound while an in-kernel consumer holds them (at24 on QEMU's PIIX4 SMBus,
 * x86_64), on vanilla and the two ports of the SRCU series. Expected verdicts and why are in
 * {@code NvmemUnbindScenario#expected}; the cells without a consumer are {@link NvmemNoConsumerIT}.
 */
@Order(2)
class NvmemConsumerIT {

    @TestFactory
    Stream<DynamicContainer> cells() {
        return ScenarioCells.containers("nvmem-unbind-with-consumer", "nvmem-adapter-unplug");
    }
}
