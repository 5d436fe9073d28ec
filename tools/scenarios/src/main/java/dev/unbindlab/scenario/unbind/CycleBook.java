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
    private int recorded;
    private boolean closed;

    public CycleBook(KtapStream ktap, int cycles) {
        if (cycles > ktap.plan()) {
            throw new IllegalArgumentException(cycles + " cycles do not fit a KTAP plan of " + ktap.plan());
        }
        this.ktap = ktap;
        this.cycles = cycles;
    }

    public static String testName(int cycle) {
        return "cycle-" + cycle;
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

    /** Skips every cycle not recorded yet with {@code reason}; later records are refused. */
    public void stop(String reason) {
        while (recorded < cycles) {
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
