package dev.unbindlab.kernel;

import dev.unbindlab.vm.Arch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The repository's {@code vm-images/} folder: everything that goes into a guest kernel and its
 * boot, besides the kernel source itself.
 */
public record VmImages(Path root) {

    public VmImages {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * Finds {@code vm-images/} from {@code $UNBINDLAB_HOME} (set by the {@code ./unbindlab}
     * launcher) or by walking up from {@code start}.
     */
    public static Optional<VmImages> locate(Path start) {
        String home = System.getenv("UNBINDLAB_HOME");
        if (home != null && Files.isDirectory(Path.of(home, "vm-images", "kernel"))) {
            return Optional.of(new VmImages(Path.of(home, "vm-images")));
        }
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("vm-images/kernel"))) {
                return Optional.of(new VmImages(dir.resolve("vm-images")));
            }
        }
        return Optional.empty();
    }

    /** The config fragment merged onto tinyconfig for {@code arch}. */
    public Path configFragment(Arch arch) {
        return root.resolve("kernel").resolve(arch.id() + ".config");
    }

    /** The variant list: which patch series make which kernel. */
    public Path variantList() {
        return root.resolve("kernel/variants");
    }

    /** One fix's patch series, {@code git format-patch} files applied in name order. */
    public Path series(String name) {
        return root.resolve("patches").resolve(name);
    }

    /** Out-of-tree test modules, one directory each. */
    public Path modules() {
        return root.resolve("modules");
    }

    /** The guest's PID 1. */
    public Path guestInit() {
        return root.resolve("guest/init.sh");
    }

    /** The repository checkout that holds this folder. */
    public Path repository() {
        return root.getParent();
    }
}
