package dev.unbindlab.stress;

import dev.unbindlab.scenario.unbind.KernelReported;
import dev.unbindlab.scenario.unbind.Waits;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.NativeFile;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The I/O of one cycle around the unbind. All of it runs on its own daemon threads (see
 * {@link Waits}); the engine thread only starts it, unbinds, and collects what it saw.
 */
public interface Workload {

    /** Makes a fresh workload for each cycle. */
    interface Factory {
        /** One line for the console: what the readers do. */
        String describe();

        Workload create(CycleData data, SplittableRandom random);
    }

    /**
     * Starts the I/O on {@code device} and returns once it is under way: the engine unbinds next.
     *
     * @return false (with the reason in {@code diagnostics}) if the device did not work before
     *         the unbind: the cycle fails and the run stops
     */
    boolean start(StressedDevice device, List<String> diagnostics, Waits waits) throws KernelReported, InterruptedException;

    /**
     * Called once the unbind returned ({@code unbindStartNanos} is when it was written): lets the
     * I/O end, describes what it saw (errno histogram, timings) in {@code diagnostics}.
     *
     * @return false if it did not end in time or failed before the unbind
     */
    boolean finish(long unbindStartNanos, List<String> diagnostics, Waits waits) throws KernelReported, InterruptedException;

    /**
     * Where the I/O stands right now, for a cycle cut short by a kernel report: which reader is
     * in which call, what the ended ones got.
     */
    List<String> state();

    /** Asks whatever still runs to stop; never waits (a thread may be dead or stuck in the kernel). */
    void abandon();

    /** Runs several workloads around the same unbind (looping readers and a held-open file, say). */
    static Factory all(List<Factory> factories) {
        return CombinedWorkload.of(factories);
    }

    /** Closes a file kept across the unbind and says how it went: {@code ok} or the errno name. */
    static String closeOutcome(NativeFile file) {
        try {
            file.close();
            return "ok";
        } catch (LinuxException e) {
            return e.errnoName();
        }
    }
}
