package dev.unbindlab.triage;

import java.util.List;
import java.util.Optional;

/**
 * One kernel report found in a log.
 *
 * @param kind        its class
 * @param title       one line in syzkaller's style, e.g. {@code KASAN: slab-use-after-free Read in mtdchar_read}
 * @param guiltyFrame the function most likely at fault: the first frame that is not reporting,
 *                    locking, allocation or string machinery
 * @param access      for KASAN: {@code Read}/{@code Write}, with {@link #accessSize()}
 * @param accessSize  for KASAN: bytes accessed
 * @param callTrace   the function names of the call trace (unreliable {@code ?} frames left out)
 * @param allocatedBy KASAN "Allocated by task" stack, function names
 * @param freedBy     KASAN "Freed by task" stack, function names
 * @param firstLine   1-based line of the log where it starts
 * @param lines       the report's own log lines, prefixes (time stamps, callers) removed
 * @param truncated   the log ended inside the report
 */
public record KernelReport(ReportKind kind, String title, Optional<String> guiltyFrame, Optional<String> access,
                           Optional<Integer> accessSize, List<String> callTrace, List<String> allocatedBy,
                           List<String> freedBy, int firstLine, List<String> lines, boolean truncated) {

    public KernelReport {
        callTrace = List.copyOf(callTrace);
        allocatedBy = List.copyOf(allocatedBy);
        freedBy = List.copyOf(freedBy);
        lines = List.copyOf(lines);
    }

    /** {@code KIND<TAB>TITLE<TAB>GUILTY_FRAME}, the line {@code unbindlab triage} prints. */
    public String summaryLine() {
        return kind + "\t" + title + "\t" + guiltyFrame.orElse("-");
    }
}
