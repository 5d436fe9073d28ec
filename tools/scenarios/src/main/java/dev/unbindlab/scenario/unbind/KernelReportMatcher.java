package dev.unbindlab.scenario.unbind;

import dev.unbindlab.linux.kmsg.KmsgRecord;

import java.util.List;
import java.util.Optional;

/**
 * Whether a {@code /dev/kmsg} record starts a kernel report. Only the scenario's stop condition:
 * the host's triage classifies the report from the console.
 */
public final class KernelReportMatcher {

    /** The first line of a report, as the kernel prints it (message start, after leading blanks). */
    static final List<String> REPORT_STARTS = List.of(
            "BUG: KASAN", // KASAN; also matched by "BUG:" but named first for clarity
            "BUG:", // BUG: KFENCE, BUG: sleeping function, BUG: unable to handle page fault (x86)...
            "Unable to handle kernel", // arm64 paging request / NULL pointer
            "Internal error:", // arm64 Oops / synchronous external abort
            "WARNING:", // WARN_ON and lockdep
            "kernel BUG at",
            "Oops",
            "general protection fault",
            "UBSAN:",
            "Kernel panic",
            "watchdog: BUG:",
            "INFO: task ");

    /** syslog facility 0: printk. Lines userspace writes to /dev/kmsg default to facility 1 (user). */
    static final int KERNEL_FACILITY = 0;

    private KernelReportMatcher() {
    }

    /** The report's first line if this record starts one, ignoring what userspace wrote to /dev/kmsg. */
    public static Optional<String> match(KmsgRecord record) {
        if (record.facility() != KERNEL_FACILITY) {
            return Optional.empty();
        }
        return match(record.message());
    }

    public static Optional<String> match(String message) {
        String line = message.strip();
        for (String start : REPORT_STARTS) {
            if (line.startsWith(start)) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }
}
