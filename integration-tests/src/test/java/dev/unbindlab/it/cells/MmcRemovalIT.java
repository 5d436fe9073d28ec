package dev.unbindlab.it.cells;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * The MMC hot-removal cells on vanilla: the card ejected from QEMU's side, and its controller
 * unbound, while the ext4 on it is busy. Expected clean (the 2009 bug was fixed by reference
 * counting); see {@code MmcRemovalScenario}.
 */
@Order(6)
class MmcRemovalIT {

    @TestFactory
    Stream<DynamicContainer> cells() {
        return ScenarioCells.containers("mmc-card-removal", "mmc-controller-unbind");
    }
}
