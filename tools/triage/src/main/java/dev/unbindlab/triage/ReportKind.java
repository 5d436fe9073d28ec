package dev.unbindlab.triage;

/** The classes of kernel report the triage recognizes. */
public enum ReportKind {
    /** {@code BUG: KASAN: <type> in <func>} (use-after-free, out-of-bounds, double-free...). */
    KASAN,
    /** x86 {@code general protection fault} (KASAN's null-ptr-deref / wild-memory-access ranges included). */
    GPF,
    /** {@code BUG: unable to handle page fault}, {@code Unable to handle kernel paging request}, NULL dereference. */
    PAGING_REQUEST,
    /** arm64 {@code Internal error: <why>: <esr> [#n]} without a preceding paging-request line. */
    INTERNAL_ERROR,
    /** {@code kernel BUG at <file>:<line>!}. */
    BUG,
    /** {@code WARNING: ... at <file>:<line> <func>}. */
    WARNING,
    /** {@code refcount_t: <what>} followed by its WARNING. */
    REFCOUNT,
    /** UBSAN: undefined behaviour detected at run time. */
    UBSAN,
    /** kmemleak {@code unreferenced object}. */
    KMEMLEAK,
    /** {@code rcu: INFO: ... detected stall}. */
    RCU_STALL,
    /** {@code INFO: task <comm>:<pid> blocked for more than N seconds}. */
    HUNG_TASK,
    /** {@code watchdog: BUG: soft lockup}. */
    SOFT_LOCKUP,
    /** {@code Kernel panic - not syncing: <reason>}. */
    PANIC
}
