package dev.unbindlab.scenario.mtdconformance;

import dev.unbindlab.scenario.Scenarios;
import dev.unbindlab.verdict.Expectation;
import dev.unbindlab.verdict.Verdict;
import dev.unbindlab.vm.Arch;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class MtdConformanceTest {

    @Test
    void registeredForX86AndCleanOnEveryVariant() {
        var scenario = assertInstanceOf(MtdConformance.class, Scenarios.byName("mtd-conformance"));
        assertEquals(Set.of(Arch.X86_64), scenario.arches());
        assertEquals(Expectation.of(Verdict.CLEAN), scenario.expected("vanilla"));
        assertEquals(Expectation.of(Verdict.CLEAN), scenario.expected("some-fix"));
    }
}
