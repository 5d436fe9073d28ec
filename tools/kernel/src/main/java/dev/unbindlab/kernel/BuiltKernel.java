package dev.unbindlab.kernel;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A guest kernel in the cache.
 *
 * @param key         the hash of everything that went into it ({@link CacheKey})
 * @param directory   {@code ~/.cache/unbindlab/kernels/<arch>-<variant>/}
 * @param image       the bootable image (bzImage, Image)
 * @param modules     a {@code modules_install} staging directory: {@code modules/lib/modules/<release>/}
 * @param release     {@code uname -r} of the guest
 * @param buildTime   how long the build that produced it took
 * @param incremental built from a copy of the vanilla object tree rather than from scratch
 */
public record BuiltKernel(KernelVariant variant, String key, Path directory, Path image, Path modules, String release,
                          Duration buildTime, Instant builtAt, boolean incremental) {

    /** The full build output. */
    public Path buildLog() {
        return directory.resolve(KernelCache.BUILD_LOG);
    }

    /** The kernel's final {@code .config}. */
    public Path config() {
        return directory.resolve("config");
    }
}
