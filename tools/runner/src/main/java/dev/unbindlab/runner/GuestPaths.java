package dev.unbindlab.runner;

import java.nio.file.Path;

/**
 * Where a host path appears inside an x86_64 guest. The guest's root is the host's root over 9p,
 * so paths are the same, except that the guest mounts tmpfs on {@code /tmp} and {@code /run}:
 * the guest init keeps the host's {@code /tmp} visible at {@code /run/host/tmp} (a CI checkout
 * may live there), and nothing under the host's {@code /run} is reachable.
 */
public final class GuestPaths {

    static final Path HOST_TMP_IN_GUEST = Path.of("/run/host/tmp");

    private GuestPaths() {
    }

    public static Path inGuest(Path host) {
        Path path = host.toAbsolutePath().normalize();
        if (path.startsWith("/tmp")) {
            return HOST_TMP_IN_GUEST.resolve(Path.of("/tmp").relativize(path));
        }
        if (path.startsWith("/run")) {
            throw new IllegalArgumentException(path + " is under /run, which the guest replaces with its own tmpfs;"
                    + " keep the checkout, the JDK and the cache elsewhere");
        }
        return path;
    }
}
