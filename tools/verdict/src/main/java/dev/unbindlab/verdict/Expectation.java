package dev.unbindlab.verdict;

import dev.unbindlab.triage.ReportKind;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The verdicts a scenario accepts on one kernel variant. Usually exactly one; a fix that only
 * narrows a race (a sleep instead of synchronization) leaves either outcome possible in any one
 * boot, and the honest expectation is then "clean or reproduced", with the measured rate in the
 * reports. Such an expectation still fails on a hang, a failed check or an infrastructure error.
 *
 * <p>{@code firstReportKinds}, when not empty, narrows "reproduced" to runs whose first kernel
 * report is of one of those kinds: a fix that trades a use-after-free for a leak is expected to
 * show the leak, and a use-after-free on it is a different finding.
 */
public record Expectation(Set<Verdict> verdicts, Set<ReportKind> firstReportKinds) {

    public Expectation {
        if (verdicts.isEmpty()) {
            throw new IllegalArgumentException("an expectation needs at least one verdict");
        }
        if (!firstReportKinds.isEmpty() && !verdicts.contains(Verdict.REPRODUCED)) {
            throw new IllegalArgumentException("report kinds only narrow an expectation that accepts reproduced");
        }
        verdicts = Set.copyOf(EnumSet.copyOf(verdicts));
        firstReportKinds = Set.copyOf(firstReportKinds);
    }

    public Expectation(Set<Verdict> verdicts) {
        this(verdicts, Set.of());
    }

    public static Expectation of(Verdict verdict) {
        return new Expectation(Set.of(verdict));
    }

    /** Reproduced, with a first report of one of {@code kinds}. */
    public static Expectation reproduced(ReportKind first, ReportKind... more) {
        return new Expectation(Set.of(Verdict.REPRODUCED), EnumSet.of(first, more));
    }

    /** A race the kernel only narrows: each boot may be clean or may reproduce. */
    public static Expectation racy() {
        return new Expectation(Set.of(Verdict.CLEAN, Verdict.REPRODUCED));
    }

    /** Whether the verdict alone is acceptable (the report kind is not looked at). */
    public boolean accepts(Verdict verdict) {
        return verdicts.contains(verdict);
    }

    public boolean accepts(RunVerdict run) {
        if (!accepts(run.verdict())) {
            return false;
        }
        if (run.verdict() != Verdict.REPRODUCED || firstReportKinds.isEmpty()) {
            return true;
        }
        return !run.reports().isEmpty() && firstReportKinds.contains(run.reports().getFirst().kind());
    }

    /** {@code reproduced}, {@code reproduced or clean}, {@code reproduced (first report: kmemleak)}. */
    public String label() {
        String label = EnumSet.copyOf(verdicts).stream().map(Verdict::label).collect(Collectors.joining(" or "));
        if (firstReportKinds.isEmpty()) {
            return label;
        }
        return label + " (first report: " + EnumSet.copyOf(firstReportKinds).stream()
                .map(k -> k.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')).collect(Collectors.joining(" or ")) + ")";
    }
}
