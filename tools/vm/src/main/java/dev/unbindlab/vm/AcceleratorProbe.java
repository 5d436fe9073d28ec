package dev.unbindlab.vm;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Decides between KVM and TCG by trying KVM for real: the guest kernel itself is started with
 * {@code -accel kvm} and must print its banner on the serial console within a short time.
 *
 * <p>Starting QEMU is not enough: on our CI machines {@code /dev/kvm} opens, QEMU starts and
 * even runs real-mode firmware code under KVM, yet a Linux guest never prints a line. Such a
 * machine falls back to TCG instead of hanging every run. The answer is remembered per host
 * boot (and QEMU binary) in a small file, so only the first run after a reboot pays the probe.
 */
public final class AcceleratorProbe {

    /** What was decided and why, for the run record. */
    public record Decision(Accelerator accelerator, String reason) {
    }

    private static final String BANNER = "Linux version";

    private AcceleratorProbe() {
    }

    /**
     * @param kernel a kernel for {@code arch} whose console is {@code arch.console()}
     * @param memo   where the decision is remembered for this host boot; empty to always probe
     */
    public static Decision probe(Arch arch, Path kernel, Duration timeout, Optional<Path> memo) {
        if (arch != Arch.host()) {
            return new Decision(Accelerator.TCG, "KVM cannot run a " + arch + " guest on a " + Arch.host() + " host");
        }
        if (!Files.isReadable(Path.of("/dev/kvm")) || !Files.isWritable(Path.of("/dev/kvm"))) {
            return new Decision(Accelerator.TCG, "/dev/kvm is missing or not accessible");
        }
        String memoKey = bootId() + " " + arch.qemuBinary();
        Optional<Decision> remembered = memo.flatMap(file -> recall(file, memoKey));
        if (remembered.isPresent()) {
            return remembered.get();
        }
        Decision decision = bootToBanner(arch, kernel, timeout);
        memo.ifPresent(file -> remember(file, memoKey, decision));
        return decision;
    }

    private static Decision bootToBanner(Arch arch, Path kernel, Duration timeout) {
        Path console;
        try {
            console = Files.createTempFile("unbindlab-kvm-probe", ".log");
        } catch (IOException e) {
            return new Decision(Accelerator.TCG, "cannot create a probe console file: " + e.getMessage());
        }
        Process qemu = null;
        try {
            qemu = new ProcessBuilder(List.of(arch.qemuBinary(), "-accel", "kvm", "-nodefaults", "-display", "none",
                    "-no-reboot", "-m", "256", "-kernel", kernel.toString(), "-append", "console=" + arch.console() + " panic=-1",
                    "-serial", "file:" + console))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (Files.readString(console, StandardCharsets.ISO_8859_1).contains(BANNER)) {
                    return new Decision(Accelerator.KVM, "a KVM guest printed its banner within " + timeout.toMillis() + " ms");
                }
                if (!qemu.isAlive()) {
                    return new Decision(Accelerator.TCG, "QEMU with -accel kvm exited " + qemu.exitValue() + " before the banner");
                }
                Thread.sleep(100);
            }
            return new Decision(Accelerator.TCG, "a KVM guest printed nothing within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Decision(Accelerator.TCG, "cannot probe KVM with " + arch.qemuBinary() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Decision(Accelerator.TCG, "interrupted while probing KVM");
        } finally {
            if (qemu != null) {
                ProcessTrees.kill(qemu.toHandle());
            }
            try {
                Files.deleteIfExists(console);
            } catch (IOException ignored) {
                // A stray temporary file is harmless.
            }
        }
    }

    private static String bootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        } catch (IOException e) {
            return "unknown-boot";
        }
    }

    private static Optional<Decision> recall(Path file, String key) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!key.equals(p.getProperty("key"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Decision(Accelerator.valueOf(p.getProperty("accelerator")),
                    p.getProperty("reason") + " (probed earlier in this host boot)"));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static void remember(Path file, String key, Decision decision) {
        Properties p = new Properties();
        p.setProperty("key", key);
        p.setProperty("accelerator", decision.accelerator().name());
        p.setProperty("reason", decision.reason());
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                p.store(out, "unbindlab KVM probe");
            }
        } catch (IOException ignored) {
            // Not remembering only costs the next run another probe.
        }
    }
}
