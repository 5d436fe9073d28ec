package dev.unbindlab.linux.fs;

import dev.unbindlab.linux.LinuxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Calls that fail the same way as root or not, so the errno path is tested on any host. */
class MountTest {

    @Test
    void unmountOfADirectoryThatIsNoMountPointFails(@TempDir Path dir) {
        LinuxException e = assertThrows(LinuxException.class, () -> Mount.unmount(dir.toString()));
        // EINVAL as root (not a mount point), EPERM otherwise.
        assertTrue(Set.of("EINVAL", "EPERM").contains(e.errnoName()), e.getMessage());
        assertEquals("umount", e.operation());
        assertEquals(dir.toString(), e.path().orElseThrow());
    }

    @Test
    void mountOfAMissingTargetNamesBothPaths(@TempDir Path dir) {
        String target = dir.resolve("missing").toString();
        LinuxException e = assertThrows(LinuxException.class,
                () -> Mount.mount("/dev/unbindlab-missing", target, "ext4", Set.of(Mount.Flag.NO_ATIME), ""));
        assertTrue(Set.of("ENOENT", "EPERM").contains(e.errnoName()), e.getMessage());
        assertEquals("/dev/unbindlab-missing on " + target, e.path().orElseThrow());
    }
}
