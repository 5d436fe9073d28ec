package dev.unbindlab.runner;

import dev.unbindlab.kernel.VmImages;
import dev.unbindlab.vm.Arch;
import dev.unbindlab.vm.VmSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * x86_64 under QEMU's {@code pc} machine: the host's own root file system is the guest's root
 * (read-only over virtio-9p), so the guest runs the host's JDK and mtd-utils, and the exit
 * status comes back through isa-debug-exit.
 */
final class X86Guest implements GuestPlatform {

    private final VmImages images;
    private final GuestJava java;
    private final Optional<Path> aotCache;

    X86Guest(VmImages images, GuestJava java, Optional<Path> aotCache) {
        this.images = images;
        this.java = java;
        this.aotCache = aotCache;
    }

    @Override
    public VmSpec spec(GuestBoot boot) {
        String arguments = boot.commonArguments(Arch.X86_64.console(),
                // The kernel starts init before anything is mounted over /tmp: the host path as is.
                images.guestInit().toString(),
                GuestPaths.inGuest(boot.kernel().modules()).toString(),
                GuestJava.command(GuestPaths.inGuest(java.javaBinary()), GuestPaths.inGuest(java.jar()),
                        aotCache.map(GuestPaths::inGuest), boot.guestRunArguments()));
        // ACPI PCI interrupt routing costs ~7 s per virtio device under TCG; the PIRQ table does not.
        // acpi=noirq, not pci=noacpi: without ACPI PCI scanning every BAR was reassigned, and
        // sdhci-pci's 32-bit BAR landed on the IO-APIC (0xfec00400), reading zero capabilities.
        arguments += " acpi=noirq";
        List<String> devices = new ArrayList<>(boot.scenarioDevices());
        // The guest init's exit status reaches the host through this port (see init.sh).
        devices.addAll(List.of("-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"));
        return new VmSpec(Arch.X86_64.qemuBinary(), "pc", Optional.of(boot.kernel().image()), Optional.empty(),
                boot.withScenarioArguments(arguments), boot.memoryMiB(), 2,
                List.of(new VmSpec.Share("/dev/root", Path.of("/"), true),
                        new VmSpec.Share(ScenarioRunner.GUEST_RESULTS, boot.results(), false)),
                devices);
    }
}
