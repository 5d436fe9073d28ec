package dev.unbindlab.verdict;

import dev.unbindlab.ktap.KtapDocument;
import dev.unbindlab.ktap.KtapTest;
import dev.unbindlab.triage.KernelReport;
import dev.unbindlab.triage.ReportKind;
import dev.unbindlab.vm.VmRun;

import java.util.List;
import java.util.OptionalInt;

/**
 * Turns the evidence of one boot into a {@link RunVerdict}, in this order: a kernel report wins
 * (it is what we came for, even if the guest then hung); then a hang; then any harness failure
 * (QEMU did not exit through the guest's isa-debug-exit, the guest's init reported an error, the
 * KTAP plan was not completed); then failed checks; otherwise clean.
 */
public final class Judge {

    /** The guest init's status when it killed the scenario at its time limit (timeout(1)'s 124). */
    public static final int GUEST_TIMEOUT = 124;

    private Judge() {
    }

    /** As {@link #judge(VmRun, boolean, List, KtapDocument)} for a guest whose init did start. */
    public static RunVerdict judge(VmRun run, List<KernelReport> reports, KtapDocument ktap) {
        return judge(run, true, reports, ktap);
    }

    /**
     * @param initStarted the guest's init announced itself on the console. A kernel that only
     *                    panicked before that (no root file system, init not found) says nothing
     *                    about the scenario: the harness set the boot up wrong. Any other report
     *                    during boot (an oops, KASAN) is still a kernel result.
     */
    public static RunVerdict judge(VmRun run, boolean initStarted, List<KernelReport> reports, KtapDocument ktap) {
        int passed = (int) ktap.tests().stream().filter(t -> t.ok() && !t.skipped()).count();
        if (!initStarted && !reports.isEmpty() && reports.stream().allMatch(r -> r.kind() == ReportKind.PANIC)) {
            return new RunVerdict(Verdict.INFRA_ERROR, "the guest never reached its init: " + reports.getFirst().title(),
                    reports, ktap, passed);
        }
        if (!reports.isEmpty()) {
            KernelReport first = reports.getFirst();
            return new RunVerdict(Verdict.REPRODUCED, first.title() + " (console line " + first.firstLine() + ")",
                    reports, ktap, passed);
        }
        if (run.timedOut()) {
            String last = run.lastConsoleLines().isEmpty() ? "(console empty)" : run.lastConsoleLines().getLast();
            return new RunVerdict(Verdict.HANG, "watchdog killed the guest after " + run.duration().toSeconds()
                    + " s; last console line: " + last, reports, ktap, passed);
        }
        OptionalInt guestExit = run.guestExitCode();
        if (guestExit.isEmpty()) {
            return new RunVerdict(Verdict.INFRA_ERROR, "QEMU exited with status " + run.exitStatus().orElse(-1)
                    + " without the guest's isa-debug-exit (see qemu-stderr.txt)", reports, ktap, passed);
        }
        if (guestExit.getAsInt() == GUEST_TIMEOUT) {
            return new RunVerdict(Verdict.HANG, "the scenario did not finish within the guest's time limit"
                    + " (its init killed it)", reports, ktap, passed);
        }
        // 1 is the scenario's own "some check failed", told apart by the KTAP below.
        if (guestExit.getAsInt() != 0 && guestExit.getAsInt() != 1) {
            return new RunVerdict(Verdict.INFRA_ERROR, "the guest's command failed with code " + guestExit.getAsInt()
                    + " (see console.log)", reports, ktap, passed);
        }
        if (!ktap.complete()) {
            return new RunVerdict(Verdict.INFRA_ERROR, "the guest's KTAP ended after " + ktap.tests().size() + " of "
                    + (ktap.plan().isPresent() ? ktap.plan().getAsInt() : "?") + " planned tests", reports, ktap, passed);
        }
        List<String> failed = ktap.tests().stream().filter(KtapTest::failed).map(KtapTest::name).toList();
        if (failed.isEmpty() && guestExit.getAsInt() != 0) {
            return new RunVerdict(Verdict.INFRA_ERROR, "the guest's command exited 1 but its KTAP has no failed test"
                    + " (see console.log)", reports, ktap, passed);
        }
        if (!failed.isEmpty()) {
            return new RunVerdict(Verdict.FAIL, "failed checks: " + String.join(", ", failed), reports, ktap, passed);
        }
        long skipped = ktap.tests().stream().filter(KtapTest::skipped).count();
        return new RunVerdict(Verdict.CLEAN, passed + " KTAP results passed" + (skipped > 0 ? ", " + skipped + " skipped" : "")
                + ", no kernel report", reports, ktap, passed);
    }
}
