package dev.unbindlab.runner;

import dev.unbindlab.kernel.BuiltKernel;
import dev.unbindlab.scenario.VmNeeds;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one boot is made of, whatever the architecture.
 *
 * @param guestRunArguments what follows {@code guest run}: the scenario name, then its options
 * @param results    the run directory's writable share, where the guest's KTAP lands
 * @param guestLimit the guest init kills the scenario after this long
 */
record GuestBoot(BuiltKernel kernel, List<String> guestRunArguments, Path runDirectory, Path results, VmNeeds needs, Duration guestLimit) {

    /** Kernel parameters every guest gets, before the architecture's own. */
    String commonArguments(String console, String initPath, String modules, String command) {
        return String.join(" ",
                "console=" + console,
                "root=/dev/root", "rootfstype=9p", "rootflags=trans=virtio,version=9p2000.L,cache=loose,msize=262144", "ro",
                // A panic ends the run at once (QEMU exits under -no-reboot) instead of waiting for the watchdog.
                "panic=-1",
                "init=" + initPath,
                "unbindlab.modules=" + modules,
                "unbindlab.results=" + ScenarioRunner.GUEST_RESULTS,
                "unbindlab.timeout=" + guestLimit.toSeconds(),
                "unbindlab.cmd=\"" + command + "\"");
    }

    String withScenarioArguments(String arguments) {
        return needs.kernelArguments().isEmpty() ? arguments : arguments + " " + String.join(" ", needs.kernelArguments());
    }

    /** The scenario's devices, after the drives of its disk images (made in the run directory by the runner). */
    List<String> scenarioDevices() {
        List<String> devices = new ArrayList<>();
        needs.disks().forEach(disk -> devices.addAll(disk.qemuArguments(runDirectory)));
        devices.addAll(needs.qemuArguments());
        return devices;
    }

    /**
     * Guest RAM when the scenario names none: 1 GiB holds the guest JVM's 512 MiB heap, and
     * kmemleak scans all of it at every check (measured on x86_64 KASAN under TCG, idle host: a
     * scan 1.8 s at 1 GiB, 2.7-2.9 s at 2 GiB).
     */
    static final int DEFAULT_MEMORY_MIB = 1024;

    int memoryMiB() {
        return needs.memoryMiB() > 0 ? needs.memoryMiB() : DEFAULT_MEMORY_MIB;
    }
}
