package dev.unbindlab.verdict;

import java.util.Locale;

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
    FAIL;

    /** The lower-case, hyphenated name used in output: {@code infra-error}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Verdict parse(String label) {
        for (Verdict v : values()) {
            if (v.label().equals(label) || v.name().equals(label)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown verdict '" + label + "'");
    }
}
