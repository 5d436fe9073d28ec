package dev.unbindlab.vm;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What to boot. Architecture-specific wiring (machine, console device, root filesystem) is in
 * the fields, so the launcher stays one piece of code for x86_64 and arm64.
 *
 * @param qemuBinary        e.g. {@code qemu-system-x86_64}
 * @param machine           {@code -machine} value, e.g. {@code pc} or {@code xlnx-versal-virt,ospi-flash=n25q128}
 * @param kernel            the kernel image; empty boots the firmware alone (used to test the watchdog)
 * @param dtb               a device tree blob for machines that take one
 * @param kernelCommandLine {@code -append}
 * @param memoryMiB         guest RAM
 * @param cpus              guest CPUs; 0 keeps the machine's own count (boards with fixed clusters refuse -smp)
 * @param shares            host directories exported over virtio-9p
 * @param extraArguments    devices and drives the scenario needs (flash images, isa-debug-exit...)
 * @param ninePDevice       the virtio-9p device model: {@code virtio-9p-pci} on PCI machines,
 *                          {@code virtio-9p-device} on virtio-mmio boards (xlnx-versal-virt)
 */
public record VmSpec(String qemuBinary, String machine, Optional<Path> kernel, Optional<Path> dtb,
                     String kernelCommandLine, int memoryMiB, int cpus, List<Share> shares,
                     List<String> extraArguments, String ninePDevice) {

    /** A PCI machine (x86 {@code pc}): shares are {@code virtio-9p-pci} devices. */
    public VmSpec(String qemuBinary, String machine, Optional<Path> kernel, Optional<Path> dtb,
                  String kernelCommandLine, int memoryMiB, int cpus, List<Share> shares, List<String> extraArguments) {
        this(qemuBinary, machine, kernel, dtb, kernelCommandLine, memoryMiB, cpus, shares, extraArguments, "virtio-9p-pci");
    }

    /** A host directory exported to the guest over virtio-9p under {@code tag}. */
    public record Share(String tag, Path hostPath, boolean readOnly) {
    }

    public VmSpec {
        shares = List.copyOf(shares);
        extraArguments = List.copyOf(extraArguments);
        if (memoryMiB < 64 || cpus < 0) {
            throw new IllegalArgumentException("a guest needs >= 64 MiB and a CPU count >= 0 (0: the machine's own), got " + memoryMiB + " MiB, " + cpus);
        }
    }
}
