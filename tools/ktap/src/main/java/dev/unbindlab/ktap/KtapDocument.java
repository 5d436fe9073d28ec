package dev.unbindlab.ktap;

import java.util.List;
import java.util.OptionalInt;

/**
 * A parsed KTAP document.
 *
 * @param plan  the {@code 1..N} count, if the producer got as far as printing it
 * @param tests the top-level results, in order
 */
public record KtapDocument(OptionalInt plan, List<KtapTest> tests) {

    public KtapDocument {
        tests = List.copyOf(tests);
    }

    /** Every planned test reported: a producer that died half-way leaves this false. */
    public boolean complete() {
        return plan.isPresent() && plan.getAsInt() == tests.size();
    }

    public boolean anyFailed() {
        return tests.stream().anyMatch(KtapTest::failed);
    }
}
