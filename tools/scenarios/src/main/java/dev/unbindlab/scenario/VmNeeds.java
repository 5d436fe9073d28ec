package dev.unbindlab.scenario;

import dev.unbindlab.vm.DiskImage;

import java.util.List;

/**
 * What a scenario adds to the standard guest.
 *
 * @param kernelArguments appended to the kernel command line (e.g. {@code kmemleak=on})
 * @param qemuArguments   extra QEMU devices and drives
 * @param memoryMiB       guest RAM; 0 keeps the launcher's default
 * @param hostMonitor     the guest sends QMP commands to the host's QEMU through the results share
 *                        ({@link dev.unbindlab.vm.qmp.QmpMailbox}), e.g. to eject a card mid-cycle
 * @param disks           images the host makes in the run directory before the boot, attached as
 *                        drives the scenario's devices name
 */
public record VmNeeds(List<String> kernelArguments, List<String> qemuArguments, int memoryMiB, boolean hostMonitor,
                      List<DiskImage> disks) {

    public static final VmNeeds NONE = new VmNeeds(List.of(), List.of(), 0);

    public VmNeeds {
        kernelArguments = List.copyOf(kernelArguments);
        qemuArguments = List.copyOf(qemuArguments);
        disks = List.copyOf(disks);
    }

    /** Kernel arguments, devices and memory only: no QMP channel, no disk images. */
    public VmNeeds(List<String> kernelArguments, List<String> qemuArguments, int memoryMiB) {
        this(kernelArguments, qemuArguments, memoryMiB, false, List.of());
    }
}
