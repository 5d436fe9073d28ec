package dev.unbindlab.scenario;

import java.util.List;

/**
 * What a scenario adds to the standard guest.
 *
 * @param kernelArguments appended to the kernel command line (e.g. {@code kmemleak=on})
 * @param qemuArguments   extra QEMU devices and drives
 * @param memoryMiB       guest RAM; 0 keeps the launcher's default
 */
public record VmNeeds(List<String> kernelArguments, List<String> qemuArguments, int memoryMiB) {

    public static final VmNeeds NONE = new VmNeeds(List.of(), List.of(), 0);

    public VmNeeds {
        kernelArguments = List.copyOf(kernelArguments);
        qemuArguments = List.copyOf(qemuArguments);
    }
}
