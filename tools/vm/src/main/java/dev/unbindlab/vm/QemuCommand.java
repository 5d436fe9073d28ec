package dev.unbindlab.vm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a {@link VmSpec} into QEMU's argument list. Pure: no I/O, so it is unit-tested as is. */
public final class QemuCommand {

    private QemuCommand() {
    }

    /**
     * @param console the file the guest's first serial port is written to, complete and unfiltered
     */
    public static List<String> build(VmSpec spec, Accelerator accelerator, Path console) {
        return build(spec, accelerator, console, Optional.empty());
    }

    /** {@code qmpSocket}: a QMP server on this unix socket, for the launcher's own client (QEMU does not wait for it). */
    public static List<String> build(VmSpec spec, Accelerator accelerator, Path console, Optional<Path> qmpSocket) {
        List<String> args = new ArrayList<>(List.of(
                spec.qemuBinary(),
                "-machine", spec.machine(),
                "-accel", accelerator.qemuName(),
                "-m", Integer.toString(spec.memoryMiB()),
                // Only the devices we ask for: no NIC, VGA, floppy or default serial/parallel ports.
                "-nodefaults",
                "-display", "none",
                "-monitor", "none",
                "-serial", "file:" + console,
                // A guest that panics or reboots ends the run instead of booting again.
                "-no-reboot"));
        if (spec.cpus() > 0) {
            args.add(args.indexOf("-m") + 2, "-smp");
            args.add(args.indexOf("-smp") + 1, Integer.toString(spec.cpus()));
        }
        spec.kernel().ifPresent(kernel -> {
            args.add("-kernel");
            args.add(kernel.toString());
            args.add("-append");
            args.add(spec.kernelCommandLine());
        });
        spec.dtb().ifPresent(dtb -> {
            args.add("-dtb");
            args.add(dtb.toString());
        });
        int index = 0;
        for (VmSpec.Share share : spec.shares()) {
            String id = "fs" + index++;
            args.add("-fsdev");
            // multidevs=remap: a share that spans several host file systems (the root share spans
            // /proc, /sys, /dev) would otherwise hand the guest colliding inode numbers.
            args.add("local,id=" + id + ",path=" + share.hostPath() + ",security_model=none"
                    + (share.readOnly() ? ",readonly=on" : "") + ",multidevs=remap");
            args.add("-device");
            args.add(spec.ninePDevice() + ",fsdev=" + id + ",mount_tag=" + share.tag());
        }
        qmpSocket.ifPresent(socket -> {
            args.add("-qmp");
            args.add("unix:" + socket + ",server=on,wait=off");
        });
        args.addAll(spec.extraArguments());
        return args;
    }
}
