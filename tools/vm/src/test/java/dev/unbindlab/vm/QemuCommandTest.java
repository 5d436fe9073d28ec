package dev.unbindlab.vm;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QemuCommandTest {

    private static VmSpec x86(Optional<Path> kernel) {
        return new VmSpec("qemu-system-x86_64", "pc", kernel, Optional.empty(),
                "console=ttyS0 rootfstype=9p init=/init.sh", 2048, 2,
                List.of(new VmSpec.Share("/dev/root", Path.of("/"), true),
                        new VmSpec.Share("results", Path.of("/tmp/run/results"), false)),
                List.of("-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"));
    }

    @Test
    void x86GuestWithHostRootOverVirtio9p() {
        List<String> args = QemuCommand.build(x86(Optional.of(Path.of("/k/bzImage"))), Accelerator.TCG, Path.of("/run/console.log"));
        assertEquals(List.of(
                "qemu-system-x86_64", "-machine", "pc", "-accel", "tcg", "-m", "2048", "-smp", "2",
                "-nodefaults", "-display", "none", "-monitor", "none", "-serial", "file:/run/console.log", "-no-reboot",
                "-kernel", "/k/bzImage", "-append", "console=ttyS0 rootfstype=9p init=/init.sh",
                "-fsdev", "local,id=fs0,path=/,security_model=none,readonly=on,multidevs=remap",
                "-device", "virtio-9p-pci,fsdev=fs0,mount_tag=/dev/root",
                "-fsdev", "local,id=fs1,path=/tmp/run/results,security_model=none,multidevs=remap",
                "-device", "virtio-9p-pci,fsdev=fs1,mount_tag=results",
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"), args);
    }

    @Test
    void withoutKernelThereIsNoAppend() {
        List<String> args = QemuCommand.build(x86(Optional.empty()), Accelerator.KVM, Path.of("c.log"));
        assertFalse(args.contains("-kernel"));
        assertFalse(args.contains("-append"));
        assertTrue(args.containsAll(List.of("-accel", "kvm")));
    }

    @Test
    void virtioMmioBoardsGetTheirNinePDeviceAndTheDeviceTree() {
        VmSpec arm = new VmSpec("qemu-system-aarch64", "xlnx-versal-virt,ospi-flash=n25q128", Optional.of(Path.of("/k/Image")),
                Optional.of(Path.of("/r/board.dtb")), "console=ttyAMA0", 2048, 2,
                List.of(new VmSpec.Share("/dev/root", Path.of("/c/rootfs"), true)),
                List.of("-drive", "if=mtd,index=0,format=raw,file=/r/flash.img"), "virtio-9p-device");
        List<String> args = QemuCommand.build(arm, Accelerator.TCG, Path.of("/r/console.log"));
        int dtb = args.indexOf("-dtb");
        assertEquals("/r/board.dtb", args.get(dtb + 1));
        assertTrue(args.contains("virtio-9p-device,fsdev=fs0,mount_tag=/dev/root"), args.toString());
        assertFalse(args.stream().anyMatch(a -> a.startsWith("virtio-9p-pci")), args.toString());
    }

    @Test
    void commandLineFileIsPasteableIntoAShell() {
        assertEquals("qemu -append 'console=ttyS0 x='\\''y'\\''' -serial file:/a/b.log",
                VirtualMachine.shellQuoted(List.of("qemu", "-append", "console=ttyS0 x='y'", "-serial", "file:/a/b.log")));
    }

    @Test
    void guestExitCodeFollowsIsaDebugExitEncoding() {
        VmRun wrote0 = run(OptionalInt.of(1));
        VmRun wrote2 = run(OptionalInt.of(5));
        assertEquals(OptionalInt.of(0), wrote0.guestExitCode());
        assertEquals(OptionalInt.of(2), wrote2.guestExitCode());
        assertEquals(OptionalInt.empty(), run(OptionalInt.of(0)).guestExitCode(), "plain QEMU exit");
        assertEquals(OptionalInt.empty(), run(OptionalInt.empty()).guestExitCode(), "killed");
    }

    @Test
    void specRejectsImpossibleGuests() {
        assertThrows(IllegalArgumentException.class, () -> new VmSpec("q", "pc", Optional.empty(), Optional.empty(), "",
                16, 1, List.of(), List.of()));
    }

    private static VmRun run(OptionalInt status) {
        return new VmRun(status, status.isEmpty(), Duration.ZERO, Accelerator.TCG, "test", Path.of("/tmp"), List.of());
    }

    @Test
    void qmpSocketComesBeforeTheScenarioDevices() {
        List<String> args = QemuCommand.build(x86(Optional.of(Path.of("/k/bzImage"))), Accelerator.TCG, Path.of("/run/console.log"),
                Optional.of(Path.of("/tmp/q/qmp.sock")));
        int qmp = args.indexOf("-qmp");
        assertEquals("unix:/tmp/q/qmp.sock,server=on,wait=off", args.get(qmp + 1));
        assertTrue(qmp < args.indexOf("isa-debug-exit,iobase=0xf4,iosize=0x04"));
        assertFalse(QemuCommand.build(x86(Optional.empty()), Accelerator.TCG, Path.of("/c")).contains("-qmp"));
    }
}
