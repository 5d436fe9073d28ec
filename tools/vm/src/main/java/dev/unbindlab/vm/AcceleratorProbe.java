package dev.unbindlab.vm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Decides between KVM and TCG by trying KVM for real: a machine-less QEMU with {@code -accel kvm}
 * must start and quit through its monitor within a short time. A {@code /dev/kvm} that exists
 * but hangs (as on our CI machines) therefore falls back to TCG instead of hanging every run.
 */
public final class AcceleratorProbe {

    /** What was decided and why, for the run record. */
    public record Decision(Accelerator accelerator, String reason) {
    }

    private AcceleratorProbe() {
    }

    public static Decision probe(String qemuBinary, Duration timeout) {
        if (!Files.isReadable(Path.of("/dev/kvm")) || !Files.isWritable(Path.of("/dev/kvm"))) {
            return new Decision(Accelerator.TCG, "/dev/kvm is missing or not accessible");
        }
        Process qemu;
        try {
            qemu = new ProcessBuilder(List.of(qemuBinary, "-accel", "kvm", "-machine", "none", "-nodefaults",
                    "-display", "none", "-monitor", "stdio"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return new Decision(Accelerator.TCG, "cannot start " + qemuBinary + ": " + e.getMessage());
        }
        try (OutputStream monitor = qemu.getOutputStream()) {
            monitor.write("quit\n".getBytes(StandardCharsets.US_ASCII));
            monitor.flush();
        } catch (IOException e) {
            // QEMU already exited; its exit code says why.
        }
        try {
            if (!qemu.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                ProcessTrees.kill(qemu.toHandle());
                return new Decision(Accelerator.TCG, "KVM did not answer within " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            ProcessTrees.kill(qemu.toHandle());
            Thread.currentThread().interrupt();
            return new Decision(Accelerator.TCG, "interrupted while probing KVM");
        }
        return qemu.exitValue() == 0
                ? new Decision(Accelerator.KVM, "KVM started and quit in time")
                : new Decision(Accelerator.TCG, "QEMU with -accel kvm exited " + qemu.exitValue());
    }
}
