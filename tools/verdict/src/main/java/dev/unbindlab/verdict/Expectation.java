package dev.unbindlab.verdict;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The verdicts a scenario accepts on one kernel variant. Usually exactly one; a fix that only
 * narrows a race (a sleep instead of synchronization) leaves either outcome possible in any one
 * boot, and the honest expectation is then "clean or reproduced", with the measured rate in the
 * reports. Such an expectation still fails on a hang, a failed check or an infrastructure error.
 */
public record Expectation(Set<Verdict> verdicts) {

    public Expectation {
        if (verdicts.isEmpty()) {
            throw new IllegalArgumentException("an expectation needs at least one verdict");
        }
        verdicts = Set.copyOf(EnumSet.copyOf(verdicts));
    }

    public static Expectation of(Verdict verdict) {
        return new Expectation(Set.of(verdict));
    }

    /** A race the kernel only narrows: each boot may be clean or may reproduce. */
    public static Expectation racy() {
        return new Expectation(Set.of(Verdict.CLEAN, Verdict.REPRODUCED));
    }

    public boolean accepts(Verdict verdict) {
        return verdicts.contains(verdict);
    }

    /** {@code reproduced}, or {@code reproduced or clean} in the verdicts' order. */
    public String label() {
        return EnumSet.copyOf(verdicts).stream().map(Verdict::label).collect(Collectors.joining(" or "));
    }
}
