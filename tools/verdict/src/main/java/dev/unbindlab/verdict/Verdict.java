package dev.unbindlab.verdict;

/** What one run says about the kernel under test. */
public enum Verdict {
    /** The console has at least one kernel report. */
    REPRODUCED,
    /** The scenario ran to its end, every check passed, no kernel report. */
    CLEAN,
    /** The guest stopped making progress and the watchdog killed it. */
    HANG,
    /** The harness failed (QEMU, the guest's init, a missing tool): says nothing about the kernel. */
    INFRA_ERROR,
    /** No kernel report, but a check failed (wrong errno, data mismatch, tools disagree). */
    FAIL
}
