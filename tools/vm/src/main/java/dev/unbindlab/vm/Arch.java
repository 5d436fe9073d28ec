package dev.unbindlab.vm;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The guest architectures, with the facts that differ between them: how the kernel is built
 * ({@code ARCH=}, cross compiler, image) and how it is booted (QEMU binary, console).
 */
public enum Arch {
    X86_64("x86_64", "x86", "x86_64-linux-gnu-", "arch/x86/boot/bzImage", "qemu-system-x86_64", "ttyS0", "amd64"),
    ARM64("arm64", "arm64", "aarch64-linux-gnu-", "arch/arm64/boot/Image", "qemu-system-aarch64", "ttyAMA0", "aarch64");

    private final String id;
    private final String kernelArch;
    private final String crossPrefix;
    private final String kernelImage;
    private final String qemuBinary;
    private final String console;
    private final String jvmArch;

    Arch(String id, String kernelArch, String crossPrefix, String kernelImage, String qemuBinary, String console,
         String jvmArch) {
        this.id = id;
        this.kernelArch = kernelArch;
        this.crossPrefix = crossPrefix;
        this.kernelImage = kernelImage;
        this.qemuBinary = qemuBinary;
        this.console = console;
        this.jvmArch = jvmArch;
    }

    /** The name users type and directories carry: {@code x86_64}, {@code arm64}. */
    public String id() {
        return id;
    }

    /** Kbuild's {@code ARCH=}. */
    public String kernelArch() {
        return kernelArch;
    }

    /** {@code CROSS_COMPILE=} when building on another architecture; empty when native. */
    public String crossCompile() {
        return host() == this ? "" : crossPrefix;
    }

    /** The bootable image, relative to the build directory. */
    public String kernelImage() {
        return kernelImage;
    }

    public String qemuBinary() {
        return qemuBinary;
    }

    /** The serial console device the kernel writes to ({@code console=}). */
    public String console() {
        return console;
    }

    /** The architecture this JVM runs on, if it is one we know. */
    public static Arch host() {
        String os = System.getProperty("os.arch");
        for (Arch arch : values()) {
            if (arch.jvmArch.equals(os)) {
                return arch;
            }
        }
        throw new IllegalStateException("unsupported host architecture " + os);
    }

    public static Arch parse(String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        for (Arch arch : values()) {
            if (arch.id.equals(wanted) || arch.jvmArch.equals(wanted)) {
                return arch;
            }
        }
        throw new IllegalArgumentException("unknown architecture '" + text + "' (known: "
                + Arrays.stream(values()).map(Arch::id).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
