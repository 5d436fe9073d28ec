package dev.unbindlab.vm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Child JVM for {@link VirtualMachineTest}: boots a guest that never ends and reports its pid. */
public final class HangingGuest {

    private HangingGuest() {
    }

    public static void main(String[] args) throws Exception {
        Path runDir = Path.of(args[0]);
        Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    Optional<ProcessHandle> qemu = ProcessHandle.current().children().findFirst();
                    if (qemu.isPresent()) {
                        Files.writeString(runDir.resolve("qemu.pid.tmp"), Long.toString(qemu.get().pid()));
                        Files.move(runDir.resolve("qemu.pid.tmp"), runDir.resolve("qemu.pid"));
                        return;
                    }
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        VmSpec spec = new VmSpec(Qemu.X86, "pc", Optional.empty(), Optional.empty(), "", 128, 1, List.of(), List.of());
        VirtualMachine.run(spec, new AcceleratorProbe.Decision(Accelerator.TCG, "test"), runDir.resolve("run"),
                Duration.ofMinutes(10));
    }
}
