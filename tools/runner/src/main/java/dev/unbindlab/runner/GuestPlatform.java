package dev.unbindlab.runner;

import dev.unbindlab.kernel.BuildFailedException;
import dev.unbindlab.kernel.BuildListener;
import dev.unbindlab.kernel.KernelCache;
import dev.unbindlab.kernel.VmImages;
import dev.unbindlab.vm.Arch;
import dev.unbindlab.vm.VmSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** How a guest of one architecture is put together around a built kernel. */
interface GuestPlatform {

    VmSpec spec(GuestBoot boot) throws BuildFailedException, IOException, InterruptedException;

    /** {@code x86AotCache}: the guest JVM's {@link GuestAotCache}, x86_64 only (the arm64 root has a JDK of its own). */
    static GuestPlatform of(Arch arch, VmImages images, KernelCache cache, GuestJava java, Optional<Path> x86AotCache,
                            BuildListener listener) {
        return switch (arch) {
            case X86_64 -> new X86Guest(images, java, x86AotCache);
            case ARM64 -> new Arm64Guest(images, cache, java, listener);
        };
    }
}
