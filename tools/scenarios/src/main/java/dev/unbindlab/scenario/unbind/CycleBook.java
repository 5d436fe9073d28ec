package dev.unbindlab.scenario.unbind;

import dev.unbindlab.ktap.KtapStream;

import java.util.List;

/**
 * The KTAP side of the cycles: one top-level result {@code cycle-N} per cycle; when the run stops
 * early, every cycle not run is a SKIP saying why, so the document is complete (the plan is the
 * maximum number of cycles). Each line is flushed when written: what the host has when the JVM
 * dies is the cycles finished so far. The KTAP plan may hold more results after the cycles.
 */
public final class CycleBook {

    private final KtapStream ktap;
    private final int cycles;
    private final boolean skipUnrun;
    private int recorded;
    private boolean closed;

    public CycleBook(KtapStream ktap, int cycles) {
        this(ktap, cycles, true);
    }

    /**
     * {@code skipUnrun} false: a run bounded by time ({@code cycles} is only its cap), where the
     * cycles never run are not results at all.
     */
    public CycleBook(KtapStream ktap, int cycles, boolean skipUnrun) {
        if (cycles > ktap.plan()) {
            throw new IllegalArgumentException(cycles + " cycles do not fit a KTAP plan of " + ktap.plan());
        }
        this.ktap = ktap;
        this.cycles = cycles;
        this.skipUnrun = skipUnrun;
    }

    public static String testName(int cycle) {
        return "cycle-" + cycle;
    }

    /** Whether a KTAP result is one of the cycles (not the kmemleak check after them). */
    public static boolean isCycle(String testName) {
        return testName.matches("cycle-\\d+");
    }

    public int recordedCycles() {
        return recorded;
    }

    public int plannedCycles() {
        return cycles;
    }

    /** The number of the next cycle to run, 1-based. */
    public int nextCycle() {
        return recorded + 1;
    }

    public boolean hasNext() {
        return !closed && recorded < cycles;
    }

    public void record(boolean ok, List<String> diagnostics) {
        if (!hasNext()) {
            throw new IllegalStateException("no cycle left to record (" + recorded + " of " + cycles + ", stopped: " + closed + ")");
        }
        recorded++;
        ktap.report(testName(recorded), ok, diagnostics);
    }

    /** Skips every cycle not recorded yet with {@code reason} (unless built not to); later records are refused. */
    public void stop(String reason) {
        while (skipUnrun && recorded < cycles) {
            recorded++;
            ktap.skip(testName(recorded), reason);
        }
        closed = true;
    }

    public static String afterKernelReport(int cycle) {
        return "stopped after a kernel report in cycle " + cycle;
    }

    public static String afterFailure(int cycle, String what) {
        return "stopped after cycle " + cycle + ": " + what;
    }
}
