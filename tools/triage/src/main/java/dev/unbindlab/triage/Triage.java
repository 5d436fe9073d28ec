package dev.unbindlab.triage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds every kernel report in a console log and classifies it.
 *
 * <p>Reports are keyed by printk caller id when the kernel prints one, so two CPUs reporting at
 * once, or user space writing to the same console, do not mix. A log cut off inside a report still
 * yields that report, marked truncated. Nothing in a log, however garbled, makes this throw.
 */
public final class Triage {

    /** No report is longer than this; past it we stop collecting (a flood of frames, a loop). */
    private static final int MAX_REPORT_LINES = 600;

    private static final Pattern KASAN = Pattern.compile("^BUG: KASAN: ([\\w-]{1,60}) in ([A-Za-z_][\\w.$]{0,200})");
    private static final Pattern KASAN_ACCESS = Pattern.compile("^(Read|Write) of size (\\d{1,10}) at addr");
    private static final Pattern GPF = Pattern.compile("^(?:Oops: )?general protection fault\\b");
    private static final Pattern PAGING = Pattern.compile(
            "^(BUG: kernel NULL pointer dereference|BUG: unable to handle page fault|BUG: unable to handle kernel paging request"
                    + "|BUG: unable to handle kernel NULL pointer dereference|Unable to handle kernel paging request"
                    + "|Unable to handle kernel NULL pointer dereference|Unable to handle kernel execute from non-executable memory"
                    + "|Unable to handle kernel access to user memory)\\b");
    private static final Pattern INTERNAL_ERROR = Pattern.compile("^Internal error: (.{1,120}?): ?[0-9a-fA-F]{1,16} \\[#\\d+\\]");
    private static final Pattern KERNEL_BUG = Pattern.compile("^(?:------------\\[ cut here \\]------------ )?kernel BUG at ([^ !]{1,200})!");
    private static final Pattern WARNING = Pattern.compile("^WARNING: (.{1,300})$");
    /** Pre-6.17 {@code WARNING: CPU: 0 PID: 1 at file:line func+0x..} and newer {@code WARNING: file:line at func+0x.., CPU#0: comm/pid}. */
    private static final Pattern WARNING_SITE = Pattern.compile(
            "^WARNING: (?:CPU: \\d+ PID: \\d+ at (\\S+) ([A-Za-z_][\\w.$]*)\\+0x|(\\S+) at ([A-Za-z_][\\w.$]*)\\+0x)");
    private static final Pattern REFCOUNT = Pattern.compile("^refcount_t: (.{1,100}?)\\.?$");
    private static final Pattern UBSAN = Pattern.compile("^UBSAN: (.{1,100}?) in (\\S{1,200})");
    private static final Pattern KMEMLEAK = Pattern.compile("^unreferenced object 0x[0-9a-fA-F]{1,16} \\(size (\\d{1,12})\\):");
    private static final Pattern RCU_STALL = Pattern.compile("^rcu: INFO: (\\S+) (?:self-)?detected stalls?\\b");
    private static final Pattern HUNG_TASK = Pattern.compile("^INFO: task (.{1,64}):(\\d{1,10}) blocked for more than (\\d{1,10}) seconds\\.");
    private static final Pattern SOFT_LOCKUP = Pattern.compile("^watchdog: BUG: soft lockup - CPU#(\\d+) stuck for (\\d+)s!");
    private static final Pattern PANIC = Pattern.compile("^Kernel panic - not syncing: (.{0,300})$");
    private static final Pattern END_TRACE = Pattern.compile("^---\\[ end (trace [0-9a-f]{1,16}|Kernel panic - not syncing.*) \\]---");
    private static final Pattern SEPARATOR = Pattern.compile("^={20,}$");
    private static final Pattern CUT_HERE = Pattern.compile("^-{5,}\\[ cut here \\]-{5,}$");

    private Triage() {
    }

    public static List<KernelReport> analyze(String log) {
        return analyze(ConsoleLine.parse(log == null ? "" : log));
    }

    public static List<KernelReport> analyze(List<ConsoleLine> lines) {
        List<KernelReport> reports = new ArrayList<>();
        Map<String, Collector> open = new LinkedHashMap<>();
        Map<String, String> previous = new HashMap<>();
        for (ConsoleLine line : lines) {
            try {
                feed(line, open, reports, previous);
            } catch (RuntimeException e) {
                // A line we cannot handle must not hide the rest of the log.
            }
        }
        open.values().forEach(c -> reports.add(c.build(true)));
        reports.sort((a, b) -> Integer.compare(a.firstLine(), b.firstLine()));
        return reports;
    }

    private static void feed(ConsoleLine line, Map<String, Collector> open, List<KernelReport> reports, Map<String, String> previous) {
        String key = line.caller().orElse("");
        String text = line.text();
        Collector current = open.get(key);
        Optional<ReportKind> start = startKind(text);
        String before = previous.put(key, text);
        if (start.equals(Optional.of(ReportKind.WARNING)) && !isKernelWarning(text, before)) {
            start = Optional.empty();
        }

        if (start.isPresent() && !(current != null && current.absorbs(start.get(), text))) {
            if (current != null) {
                reports.add(current.build(false));
            }
            open.put(key, new Collector(start.get(), line));
            return;
        }
        if (current == null) {
            return;
        }
        current.add(line);
        if (current.isComplete() || current.lines.size() >= MAX_REPORT_LINES) {
            open.remove(key);
            reports.add(current.build(false));
        }
    }

    /**
     * A kernel WARNING names its site ({@code WARNING: CPU: 0 PID: 1 at file:line func+0x..}) or,
     * for lockdep and RCU's "WARNING: possible circular locking dependency detected", follows a
     * {@code ====} line; WARN() prints "cut here" first. Anything else is user space on the same
     * console: the JVM's "WARNING: A terminally deprecated method in sun.misc.Unsafe...".
     */
    private static boolean isKernelWarning(String text, String before) {
        return WARNING_SITE.matcher(text).lookingAt()
                || before != null && (SEPARATOR.matcher(before).matches() || CUT_HERE.matcher(before).matches());
    }

    /** The line that opens each kind of report, tried in this order (REFCOUNT before its WARNING). */
    private static final List<Map.Entry<Pattern, ReportKind>> STARTS = List.of(
            Map.entry(KASAN, ReportKind.KASAN),
            Map.entry(GPF, ReportKind.GPF),
            Map.entry(PAGING, ReportKind.PAGING_REQUEST),
            Map.entry(INTERNAL_ERROR, ReportKind.INTERNAL_ERROR),
            Map.entry(KERNEL_BUG, ReportKind.BUG),
            Map.entry(REFCOUNT, ReportKind.REFCOUNT),
            Map.entry(WARNING, ReportKind.WARNING),
            Map.entry(UBSAN, ReportKind.UBSAN),
            Map.entry(KMEMLEAK, ReportKind.KMEMLEAK),
            Map.entry(RCU_STALL, ReportKind.RCU_STALL),
            Map.entry(HUNG_TASK, ReportKind.HUNG_TASK),
            Map.entry(SOFT_LOCKUP, ReportKind.SOFT_LOCKUP),
            Map.entry(PANIC, ReportKind.PANIC));

    private static Optional<ReportKind> startKind(String text) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return STARTS.stream().filter(e -> e.getKey().matcher(text).lookingAt()).map(Map.Entry::getValue).findFirst();
    }

    /** {@code pattern} matched at the start of a report's header line, whose start line it was. */
    private static Matcher header(Pattern pattern, String header) {
        Matcher m = pattern.matcher(header);
        if (!m.lookingAt()) {
            throw new IllegalStateException("report header no longer matches its own start pattern: " + header);
        }
        return m;
    }

    /** Accumulates one report's lines and turns them into a {@link KernelReport}. */
    private static final class Collector {
        private final ReportKind kind;
        private final int firstLine;
        private final List<String> lines = new ArrayList<>();
        private boolean complete;
        private boolean sawWarningLine;
        private boolean sawInternalError;

        Collector(ReportKind kind, ConsoleLine first) {
            this.kind = kind;
            this.firstLine = first.number();
            this.lines.add(first.text());
        }

        /**
         * Whether a start line belongs to this report rather than starting a new one: the
         * arm64 {@code Internal error} after {@code Unable to handle...}, the WARNING that a
         * {@code refcount_t:} line announces.
         */
        boolean absorbs(ReportKind next, String text) {
            if (next == ReportKind.INTERNAL_ERROR && !sawInternalError
                    && (kind == ReportKind.PAGING_REQUEST || kind == ReportKind.GPF || kind == ReportKind.BUG)) {
                sawInternalError = true;
                return addAbsorbed(text);
            }
            if (next == ReportKind.WARNING && kind == ReportKind.REFCOUNT && !sawWarningLine) {
                sawWarningLine = true;
                return addAbsorbed(text);
            }
            return false;
        }

        private boolean addAbsorbed(String text) {
            lines.add(text);
            return true;
        }

        void add(ConsoleLine line) {
            String text = line.text();
            lines.add(text);
            complete = switch (kind) {
                case KASAN, UBSAN -> lines.size() > 2 && SEPARATOR.matcher(text).matches();
                case KMEMLEAK -> false;
                default -> END_TRACE.matcher(text).lookingAt();
            };
        }

        boolean isComplete() {
            return complete;
        }

        KernelReport build(boolean endOfLog) {
            List<String> reportLines = kind == ReportKind.KMEMLEAK ? kmemleakLines() : lines;
            Sections sections = Sections.of(reportLines);
            String header = reportLines.getFirst();
            Optional<String> access = Optional.empty();
            Optional<Integer> accessSize = Optional.empty();
            Optional<String> guilty;
            String title;
            switch (kind) {
                case KASAN -> {
                    Matcher m = header(KASAN, header);
                    for (String l : reportLines) {
                        Matcher a = KASAN_ACCESS.matcher(l);
                        if (a.lookingAt()) {
                            access = Optional.of(a.group(1));
                            accessSize = Optional.of(Integer.parseInt(a.group(2)));
                            break;
                        }
                    }
                    guilty = Frames.guilty(Optional.of(m.group(2)), sections.callTrace());
                    title = "KASAN: " + m.group(1) + access.map(a -> " " + a).orElse("") + " in " + guilty.orElse("?");
                }
                case GPF -> {
                    guilty = Frames.guilty(sections.crashSite(), sections.callTrace());
                    title = "general protection fault in " + guilty.orElse("?");
                }
                case PAGING_REQUEST -> {
                    Matcher m = header(PAGING, header);
                    guilty = Frames.guilty(sections.crashSite(), sections.callTrace());
                    title = m.group(1) + " in " + guilty.orElse("?");
                }
                case INTERNAL_ERROR -> {
                    Matcher m = header(INTERNAL_ERROR, header);
                    guilty = Frames.guilty(sections.crashSite(), sections.callTrace());
                    title = "Internal error: " + m.group(1) + " in " + guilty.orElse("?");
                }
                case BUG -> {
                    guilty = Frames.guilty(sections.crashSite(), sections.callTrace());
                    title = "kernel BUG in " + guilty.orElse("?");
                }
                case WARNING -> {
                    Matcher site = WARNING_SITE.matcher(header);
                    if (site.lookingAt()) {
                        String function = site.group(2) != null ? site.group(2) : site.group(4);
                        guilty = Frames.guilty(Optional.of(function), sections.callTrace());
                        title = "WARNING in " + guilty.orElse("?");
                    } else {
                        guilty = Frames.guilty(sections.crashSite(), sections.callTrace());
                        title = header;
                    }
                }
                case REFCOUNT -> {
                    Matcher m = header(REFCOUNT, header);
                    guilty = Frames.guilty(Optional.empty(), sections.callTrace());
                    title = "refcount_t: " + m.group(1) + " in " + guilty.orElse("?");
                }
                case UBSAN -> {
                    Matcher m = header(UBSAN, header);
                    guilty = Frames.guilty(Optional.empty(), sections.callTrace());
                    title = "UBSAN: " + m.group(1) + " in " + guilty.orElse(m.group(2));
                }
                case KMEMLEAK -> {
                    guilty = Frames.guilty(Optional.empty(), sections.callTrace());
                    title = "memory leak in " + guilty.orElse("?");
                }
                case RCU_STALL -> {
                    guilty = Frames.guilty(sections.crashSite(), sections.callTrace());
                    title = "INFO: rcu detected stall in " + guilty.orElse("?");
                }
                case HUNG_TASK -> {
                    guilty = Frames.guilty(Optional.empty(), sections.callTrace());
                    title = "INFO: task hung in " + guilty.orElse("?");
                }
                case SOFT_LOCKUP -> {
                    guilty = Frames.guilty(sections.crashSite(), sections.callTrace());
                    title = "BUG: soft lockup in " + guilty.orElse("?");
                }
                case PANIC -> {
                    Matcher m = header(PANIC, header);
                    guilty = Frames.guilty(Optional.empty(), sections.callTrace());
                    title = "Kernel panic - not syncing: " + m.group(1).strip();
                }
                default -> throw new IllegalStateException("unhandled kind " + kind);
            }
            boolean truncated = endOfLog && !complete && expectsEndMarker();
            return new KernelReport(kind, title, guilty, access, accessSize, sections.callTrace(),
                    sections.allocatedBy(), sections.freedBy(), firstLine, reportLines, truncated);
        }

        private boolean expectsEndMarker() {
            return switch (kind) {
                case KMEMLEAK, RCU_STALL, HUNG_TASK, SOFT_LOCKUP, PANIC -> false;
                default -> true;
            };
        }

        /** A kmemleak entry is its header and the indented lines under it. */
        private List<String> kmemleakLines() {
            List<String> entry = new ArrayList<>();
            entry.add(lines.getFirst());
            for (String l : lines.subList(1, lines.size())) {
                if (!l.startsWith(" ")) {
                    break;
                }
                entry.add(l);
            }
            return entry;
        }
    }

    /** The stacks of a report: call trace, KASAN's allocation and free stacks, the crash site. */
    private record Sections(List<String> callTrace, List<String> allocatedBy, List<String> freedBy,
                            Optional<String> crashSite) {

        private enum Section { NONE, CALL, ALLOC, FREE, OTHER }

        static Sections of(List<String> lines) {
            List<String> call = new ArrayList<>();
            List<String> alloc = new ArrayList<>();
            List<String> free = new ArrayList<>();
            Optional<String> crashSite = Optional.empty();
            Section section = Section.NONE;
            boolean callTraceDone = false;
            for (String raw : lines) {
                String l = raw.strip();
                if (l.startsWith("Call Trace:") || l.startsWith("Call trace:") || l.startsWith("backtrace")) {
                    section = callTraceDone ? Section.OTHER : Section.CALL;
                    continue;
                }
                if (l.startsWith("Allocated by task") || l.startsWith("Allocated by CPU")) {
                    section = Section.ALLOC;
                    continue;
                }
                if (l.startsWith("Freed by task") || l.startsWith("Freed by CPU")) {
                    section = Section.FREE;
                    continue;
                }
                if (l.startsWith("Last potentially related") || l.startsWith("Second to last") || l.startsWith("The buggy address")
                        || l.startsWith("Memory state") || l.startsWith("Modules linked in") || l.startsWith("---[ end")
                        || l.startsWith("Code:") || l.startsWith("Kernel panic")) {
                    if (section == Section.CALL) {
                        callTraceDone = true;
                    }
                    section = Section.OTHER;
                    continue;
                }
                if (crashSite.isEmpty()) {
                    crashSite = Frames.crashSite(l);
                }
                Optional<String> function = Frames.function(raw);
                if (function.isEmpty()) {
                    continue;
                }
                switch (section) {
                    case CALL -> call.add(function.get());
                    case ALLOC -> alloc.add(function.get());
                    case FREE -> free.add(function.get());
                    default -> { }
                }
            }
            return new Sections(call, alloc, free, crashSite);
        }
    }
}
