package dev.unbindlab.verdict;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectationTest {

    @Test
    void oneVerdictAcceptsOnlyItself() {
        Expectation clean = Expectation.of(Verdict.CLEAN);
        assertTrue(clean.accepts(Verdict.CLEAN));
        assertFalse(clean.accepts(Verdict.REPRODUCED));
        assertEquals("clean", clean.label());
    }

    @Test
    void aRaceAcceptsBothOutcomesButNothingElse() {
        Expectation racy = Expectation.racy();
        assertTrue(racy.accepts(Verdict.CLEAN));
        assertTrue(racy.accepts(Verdict.REPRODUCED));
        for (Verdict other : Set.of(Verdict.HANG, Verdict.FAIL, Verdict.INFRA_ERROR)) {
            assertFalse(racy.accepts(other), other.label());
        }
        assertEquals("reproduced or clean", racy.label());
    }

    @Test
    void anEmptyExpectationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Expectation(Set.of()));
    }
}
