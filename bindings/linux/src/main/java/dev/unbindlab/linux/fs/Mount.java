package dev.unbindlab.linux.fs;

import dev.unbindlab.bindings.abi.LinuxAbi;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.Libc;

import java.util.Set;

/**
 * {@code mount(2)} and {@code umount2(2)}, so a scenario that mounts a card's file system gets the
 * kernel's errno ({@code EBUSY} when something still holds the mount, {@code EIO} from a dead
 * device) instead of mount(8)'s prose.
 */
public final class Mount {

    /** The {@code MS_*} flags these tests use. */
    public enum Flag {
        READ_ONLY(LinuxAbi.MS_RDONLY()),
        NO_ATIME(LinuxAbi.MS_NOATIME());

        private final long bits;

        Flag(long bits) {
            this.bits = bits;
        }
    }

    private Mount() {
    }

    /** Mounts {@code source} (a block device) on {@code target} as {@code fsType} with {@code options} (e.g. {@code errors=continue}). */
    public static void mount(String source, String target, String fsType, Set<Flag> flags, String options) throws LinuxException {
        long bits = 0;
        for (Flag flag : flags) {
            bits |= flag.bits;
        }
        Libc.mount(source, target, fsType, bits, options);
    }

    /** A plain unmount: fails with {@code EBUSY} while a file on it is open or a process has its cwd there. */
    public static void unmount(String target) throws LinuxException {
        Libc.umount2(target, 0);
    }

    /** Detaches the mount now and lets the kernel finish it when the last user goes ({@code MNT_DETACH}): cleanup after a failure. */
    public static void detach(String target) throws LinuxException {
        Libc.umount2(target, LinuxAbi.MNT_DETACH());
    }
}
