package dev.unbindlab.verdict;

import dev.unbindlab.ktap.KtapDocument;
import dev.unbindlab.triage.KernelReport;

import java.util.List;

/**
 * A run's verdict with its evidence.
 *
 * @param verdict     the outcome
 * @param explanation one line a developer reads first
 * @param reports     every kernel report triaged from the console, first one first
 * @param ktap        what the guest reported
 * @param passed      top-level KTAP results that passed (skips not counted)
 */
public record RunVerdict(Verdict verdict, String explanation, List<KernelReport> reports, KtapDocument ktap, int passed) {

    public RunVerdict {
        reports = List.copyOf(reports);
    }
}
