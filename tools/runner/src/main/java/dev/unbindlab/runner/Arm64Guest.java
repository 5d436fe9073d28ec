package dev.unbindlab.runner;

import dev.unbindlab.kernel.BuildFailedException;
import dev.unbindlab.kernel.BuildListener;
import dev.unbindlab.kernel.Commands;
import dev.unbindlab.kernel.KernelCache;
import dev.unbindlab.kernel.VmImages;
import dev.unbindlab.vm.Arch;
import dev.unbindlab.vm.VmSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * arm64 under QEMU's {@code xlnx-versal-virt}, whose OSPI is the Cadence QSPI controller of the
 * spi-nor report, with a 16 MiB n25q128 flash. The root is a Debian trixie arm64 directory
 * ({@code vm-images/host/arm64-rootfs.sh}, cached) with its own JRE; the kernel's modules and
 * the CLI jar come in as two more read-only shares, and the exit status through semihosting.
 */
final class Arm64Guest implements GuestPlatform {

    static final String MACHINE = "xlnx-versal-virt,ospi-flash=n25q128";
    /** n25q128: 128 Mbit. */
    static final int FLASH_BYTES = 16 << 20;
    /** The flash content is a fixed pseudo-random pattern, so data checks see real bytes. */
    static final long FLASH_SEED = 0x5eed_f1a5_4L;
    private static final String GUEST_JAVA = "/usr/lib/jvm/java-25-openjdk-arm64/bin/java";

    private final VmImages images;
    private final KernelCache cache;
    private final GuestJava java;
    private final BuildListener listener;

    Arm64Guest(VmImages images, KernelCache cache, GuestJava java, BuildListener listener) {
        this.images = images;
        this.cache = cache;
        this.java = java;
        this.listener = listener;
    }

    @Override
    public VmSpec spec(GuestBoot boot) throws BuildFailedException, IOException, InterruptedException {
        Path rootfs = rootfs();
        Path dtb = boot.runDirectory().resolve("board.dtb");
        Commands.run(List.of("dtc", "-q", "-I", "dts", "-O", "dtb", "-o", dtb.toString(),
                images.root().resolve("dts/versal-virt-ospi.dts").toString()), boot.runDirectory(), listener::output, null);
        Path flash = boot.runDirectory().resolve("flash.img");
        writeFlashImage(flash);

        String arguments = boot.commonArguments(Arch.ARM64.console(), "/unbindlab/init.sh", "/run/kernel/modules",
                GuestJava.command(Path.of(GUEST_JAVA), Path.of("/run/tool").resolve(java.jar().getFileName()), Optional.empty(),
                        boot.guestRunArguments()))
                + " unbindlab.mounts=kernel:/run/kernel,tool:/run/tool";
        List<String> devices = new ArrayList<>(List.of(
                // The guest init ends QEMU with its status through semihosting SYS_EXIT (from EL0).
                "-semihosting-config", "enable=on,target=native,userspace=on",
                "-drive", "if=mtd,index=0,format=raw,file=" + flash));
        devices.addAll(boot.scenarioDevices());
        return new VmSpec(Arch.ARM64.qemuBinary(), MACHINE, Optional.of(boot.kernel().image()), Optional.of(dtb),
                // The board's CPU count is fixed by its model; QEMU refuses -smp 2 for it.
                boot.withScenarioArguments(arguments), boot.memoryMiB(), 0,
                List.of(new VmSpec.Share("/dev/root", rootfs, true),
                        new VmSpec.Share(ScenarioRunner.GUEST_RESULTS, boot.results(), false),
                        new VmSpec.Share("kernel", boot.kernel().directory(), true),
                        new VmSpec.Share("tool", java.jar().getParent(), true)),
                devices, "virtio-9p-device");
    }

    /** The cached Debian arm64 root (the script reuses it when its inputs are unchanged). */
    private Path rootfs() throws BuildFailedException, IOException, InterruptedException {
        Path dir = cache.root().resolve("rootfs/arm64");
        Files.createDirectories(dir);
        // Two runs starting at once must not both rebuild it (apt's cache files collide).
        try (KernelCache.Lock lock = cache.lock("rootfs-arm64")) {
            Commands.run(List.of("bash", images.root().resolve("host/arm64-rootfs.sh").toString(), dir.toString()),
                    dir, listener::output, null);
        }
        return dir.resolve("rootfs").toRealPath();
    }

    static void writeFlashImage(Path file) throws IOException {
        byte[] content = new byte[FLASH_BYTES];
        new SplittableRandom(FLASH_SEED).nextBytes(content);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(content);
        }
    }
}
