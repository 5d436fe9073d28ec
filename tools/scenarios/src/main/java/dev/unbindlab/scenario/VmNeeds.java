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

    /**
     * Whether one guest can give both what they need: their devices and disks are the same or
     * only one of them has any (two different device lists could clash on ids and PCI slots,
     * which the scenarios name).
     */
    public boolean canShareWith(VmNeeds other) {
        return (qemuArguments.isEmpty() || other.qemuArguments.isEmpty() || qemuArguments.equals(other.qemuArguments))
                && (disks.isEmpty() || other.disks.isEmpty() || disks.equals(other.disks));
    }

    /**
     * One guest for all of {@code needs} (each pair {@linkplain #canShareWith can share}): every
     * kernel argument once, the devices and disks there are, the most memory any asks for (the
     * launcher's default if any keeps it), a QMP channel if any needs one.
     */
    public static VmNeeds merge(List<VmNeeds> needs) {
        List<String> arguments = needs.stream().flatMap(n -> n.kernelArguments.stream()).distinct().toList();
        List<String> devices = needs.stream().map(VmNeeds::qemuArguments).filter(a -> !a.isEmpty()).findFirst().orElse(List.of());
        List<DiskImage> disks = needs.stream().map(VmNeeds::disks).filter(d -> !d.isEmpty()).findFirst().orElse(List.of());
        int memory = needs.stream().anyMatch(n -> n.memoryMiB <= 0) ? 0 : needs.stream().mapToInt(VmNeeds::memoryMiB).max().orElse(0);
        for (int i = 0; i < needs.size(); i++) {
            for (int j = i + 1; j < needs.size(); j++) {
                if (!needs.get(i).canShareWith(needs.get(j))) {
                    throw new IllegalArgumentException("these needs cannot share a guest: " + needs.get(i) + " and " + needs.get(j));
                }
            }
        }
        return new VmNeeds(arguments, devices, memory, needs.stream().anyMatch(VmNeeds::hostMonitor), disks);
    }
}
