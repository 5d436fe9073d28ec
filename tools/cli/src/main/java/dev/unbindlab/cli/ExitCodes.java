package dev.unbindlab.cli;

/** The process exit codes every subcommand uses; scripts and CI rely on them. */
public final class ExitCodes {
    /** Done, nothing wrong found. */
    public static final int OK = 0;
    /** Ran fine and found a problem: a kernel report, a taint flag, a data mismatch. */
    public static final int PROBLEM_FOUND = 1;
    /** Bad input or a failed system call: nothing was tested. */
    public static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
