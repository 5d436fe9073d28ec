package dev.unbindlab.vm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/**
 * How one boot ended, as the launcher saw it (the kernel's view comes from triaging the console).
 *
 * @param exitStatus   QEMU's exit status; empty when the watchdog killed it
 * @param timedOut     the watchdog fired: a hang
 * @param duration     wall-clock time from start to exit or kill
 * @param accelerator  what the guest ran on, and {@link #acceleratorReason} why
 * @param runDirectory holds {@code cmdline.txt}, {@code console.log} and what the guest wrote back
 * @param lastConsoleLines the end of the console, for hang reports
 */
public record VmRun(OptionalInt exitStatus, boolean timedOut, Duration duration, Accelerator accelerator,
                    String acceleratorReason, Path runDirectory, List<String> lastConsoleLines) {

    public VmRun {
        lastConsoleLines = List.copyOf(lastConsoleLines);
    }

    public Path console() {
        return runDirectory.resolve(VirtualMachine.CONSOLE_LOG);
    }

    /**
     * The value the guest wrote to isa-debug-exit: QEMU exits with {@code (value << 1) | 1}.
     * Empty for a normal QEMU exit (status 0), an error exit (even status) or a kill.
     */
    public OptionalInt guestExitCode() {
        if (exitStatus.isEmpty() || (exitStatus.getAsInt() & 1) == 0) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(exitStatus.getAsInt() >> 1);
    }
}
