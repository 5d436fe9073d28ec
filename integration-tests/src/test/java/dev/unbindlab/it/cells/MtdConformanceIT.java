package dev.unbindlab.it.cells;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.stream.Stream;

/** {@code mtd-conformance}: the typed MTD API against mtd-utils in a guest, on every x86_64 kernel variant. */
@Order(5)
class MtdConformanceIT {

    @TestFactory
    Stream<DynamicTest> cells() throws IOException {
        return ScenarioCells.of("mtd-conformance");
    }
}
