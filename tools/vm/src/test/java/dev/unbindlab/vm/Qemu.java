package dev.unbindlab.vm;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Tests that start a real QEMU skip, with the reason, where it is not installed (CI installs it). */
final class Qemu {

    static final String X86 = "qemu-system-x86_64";

    private Qemu() {
    }

    static void assumeInstalled() {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            found |= Files.isExecutable(Path.of(dir, X86));
        }
        assumeTrue(found, X86 + " is not installed (apt-get install qemu-system-x86)");
    }

    static boolean qemuChildAlive() {
        return ProcessHandle.current().descendants()
                .anyMatch(p -> p.isAlive() && p.info().command().map(c -> c.contains("qemu-system")).orElse(false));
    }
}
