package dev.unbindlab.verdict;

import dev.unbindlab.triage.KernelReport;
import dev.unbindlab.triage.ReportKind;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The verdicts a scenario accepts on one kernel variant. Usually exactly one; a fix that only
 * narrows a race (a sleep instead of synchronization) leaves either outcome possible in any one
 * boot, and the honest expectation is then "clean or reproduced", with the measured rate in the
 * reports. Such an expectation still fails on a hang, a failed check or an infrastructure error.
 *
 * <p>{@code firstReportKinds}, when not empty, narrows "reproduced" to runs whose first kernel
 * report is of one of those kinds, and {@code firstReportFrame}, when present, to runs whose
 * first report's guilty frame matches that regular expression: a fix that trades a
 * use-after-free in the driver for a leak of its own state is expected to show that, and a
 * use-after-free in the driver on it is a different finding.
 */
public record Expectation(Set<Verdict> verdicts, Set<ReportKind> firstReportKinds, Optional<String> firstReportFrame) {

    public Expectation {
        if (verdicts.isEmpty()) {
            throw new IllegalArgumentException("an expectation needs at least one verdict");
        }
        if ((!firstReportKinds.isEmpty() || firstReportFrame.isPresent()) && !verdicts.contains(Verdict.REPRODUCED)) {
            throw new IllegalArgumentException("report kinds and frames only narrow an expectation that accepts reproduced");
        }
        firstReportFrame.ifPresent(Pattern::compile); // a bad expression fails here, not in a cell
        verdicts = Set.copyOf(EnumSet.copyOf(verdicts));
        firstReportKinds = Set.copyOf(firstReportKinds);
    }

    public Expectation(Set<Verdict> verdicts) {
        this(verdicts, Set.of(), Optional.empty());
    }

    public static Expectation of(Verdict verdict) {
        return new Expectation(Set.of(verdict));
    }

    /** Reproduced, with a first report of one of {@code kinds}. */
    public static Expectation reproduced(ReportKind first, ReportKind... more) {
        return new Expectation(Set.of(Verdict.REPRODUCED), EnumSet.of(first, more), Optional.empty());
    }

    /** This expectation, also requiring the first report's guilty frame to match {@code regex} entirely. */
    public Expectation inFrames(String regex) {
        return new Expectation(verdicts, firstReportKinds, Optional.of(regex));
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
        if (run.verdict() != Verdict.REPRODUCED || (firstReportKinds.isEmpty() && firstReportFrame.isEmpty())) {
            return true;
        }
        if (run.reports().isEmpty()) {
            return false;
        }
        KernelReport first = run.reports().getFirst();
        boolean kindOk = firstReportKinds.isEmpty() || firstReportKinds.contains(first.kind());
        boolean frameOk = firstReportFrame.isEmpty()
                || first.guiltyFrame().filter(f -> Pattern.matches(firstReportFrame.get(), f)).isPresent();
        return kindOk && frameOk;
    }

    /** {@code reproduced}, {@code reproduced or clean}, {@code reproduced (first report: kmemleak)}. */
    public String label() {
        String label = EnumSet.copyOf(verdicts).stream().map(Verdict::label).collect(Collectors.joining(" or "));
        if (firstReportKinds.isEmpty() && firstReportFrame.isEmpty()) {
            return label;
        }
        String kinds = firstReportKinds.isEmpty() ? "any" : EnumSet.copyOf(firstReportKinds).stream()
                .map(k -> k.name().toLowerCase(Locale.ROOT).replace('_', '-')).collect(Collectors.joining(" or "));
        return label + " (first report: " + kinds + firstReportFrame.map(f -> " in " + f).orElse("") + ")";
    }
}
