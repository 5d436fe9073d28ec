package dev.unbindlab.it.cells;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

/**
 * {@code unbindlab stress} as a board user runs it, inside the arm64 and x86_64 guests on the
 * kernels whose unbind is clean: bad input, the --destructive guard, a mounted MTD refused, JSON and KTAP runs,
 * the binding restored after SIGINT and SIGTERM mid-cycle; see {@code StressCliScenario}.
 */
@Order(7)
class StressCliIT {

    @TestFactory
    Stream<DynamicContainer> cells() {
        return ScenarioCells.containers("stress-cli");
    }
}
