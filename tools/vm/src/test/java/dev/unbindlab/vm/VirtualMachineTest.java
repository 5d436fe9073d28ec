package dev.unbindlab.vm;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher against a real QEMU: hangs are killed, errors recorded, nothing left running. */
class VirtualMachineTest {

    private static final AcceleratorProbe.Decision TCG = new AcceleratorProbe.Decision(Accelerator.TCG, "test");

    @BeforeEach
    void needsQemu() {
        Qemu.assumeInstalled();
    }

    /** Firmware with nothing to boot loops forever: exactly what a hung guest looks like from outside. */
    private static VmSpec firmwareOnly(String machine) {
        return new VmSpec(Qemu.X86, machine, Optional.empty(), Optional.empty(), "", 128, 1, List.of(), List.of());
    }

    @Test
    void hangIsKilledByTheWatchdogAndRecorded(@TempDir Path runDir) throws Exception {
        VmRun run = VirtualMachine.run(firmwareOnly("pc"), TCG, runDir, Duration.ofSeconds(3));
        assertTrue(run.timedOut());
        assertTrue(run.exitStatus().isEmpty());
        assertFalse(VirtualMachine.anyRunning());
        assertFalse(Qemu.qemuChildAlive(), "no QEMU left behind");
        assertTrue(Files.readString(runDir.resolve(VirtualMachine.COMMAND_LINE)).startsWith(Qemu.X86 + " -machine pc"));
    }

    @Test
    void qemuErrorIsAnExitNotAHang(@TempDir Path runDir) throws Exception {
        VmRun run = VirtualMachine.run(firmwareOnly("no-such-machine"), TCG, runDir, Duration.ofSeconds(30));
        assertFalse(run.timedOut());
        assertEquals(1, run.exitStatus().orElseThrow());
        assertTrue(Files.readString(runDir.resolve(VirtualMachine.QEMU_STDERR)).contains("unsupported machine type"));
    }

    @Test
    void probeAlwaysDecidesRemembersPerBootAndLeavesNothingRunning(@TempDir Path dir) throws Exception {
        // Not a kernel: QEMU refuses it, which must end in a TCG decision, not an exception or a hang.
        Path notAKernel = Files.writeString(dir.resolve("bzImage"), "not a kernel");
        Path memo = dir.resolve("kvm-probe.properties");
        AcceleratorProbe.Decision first = AcceleratorProbe.probe(Arch.X86_64, notAKernel, Duration.ofSeconds(5), Optional.of(memo));
        assertEquals(Accelerator.TCG, first.accelerator());
        assertFalse(first.reason().isBlank());
        assertFalse(Qemu.qemuChildAlive());
        Assumptions.assumeTrue(Files.exists(memo), "no /dev/kvm here: nothing was probed, so nothing to remember");
        AcceleratorProbe.Decision second = AcceleratorProbe.probe(Arch.X86_64, notAKernel, Duration.ofSeconds(5), Optional.of(memo));
        assertEquals(first.accelerator(), second.accelerator());
        assertTrue(second.reason().endsWith("(probed earlier in this host boot)"), second.reason());
    }

    @Test
    void aForeignArchitectureNeverUsesKvm(@TempDir Path dir) {
        assertEquals(Accelerator.TCG, AcceleratorProbe.probe(Arch.ARM64, dir.resolve("Image"), Duration.ofSeconds(1),
                Optional.empty()).accelerator());
    }

    private static String codeSource(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    @Test
    void sigtermOfTheJvmKillsItsGuest(@TempDir Path runDir) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        // Surefire's own class path is a manifest-only jar; name our two class directories instead.
        String classPath = codeSource(VirtualMachine.class) + ":" + codeSource(HangingGuest.class);
        List<String> command = new ArrayList<>(List.of(java, "-cp", classPath, HangingGuest.class.getName(),
                runDir.toString()));
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(runDir.resolve("child-jvm.log").toFile()).start();
        try {
            Path pidFile = runDir.resolve("qemu.pid");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(pidFile) && System.nanoTime() < deadline && jvm.isAlive()) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(pidFile), "the child JVM never started its guest");
            ProcessHandle qemu = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
            jvm.destroy(); // SIGTERM
            assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));
            qemu.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(qemu.isAlive(), "the shutdown hook killed QEMU");
        } finally {
            jvm.destroyForcibly();
        }
    }
}
