package dev.unbindlab.linux;

import dev.unbindlab.bindings.abi.LinuxAbi;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The errno values device-lifetime tests reason about, numbered from the C headers through the
 * jextract bindings (never retyped by hand). Any other value still has a name:
 * {@link LinuxException#errnoName()} asks libc.
 */
public enum Errno {
    EPERM(LinuxAbi.EPERM()),
    ENOENT(LinuxAbi.ENOENT()),
    ESRCH(LinuxAbi.ESRCH()),
    EINTR(LinuxAbi.EINTR()),
    EIO(LinuxAbi.EIO()),
    ENXIO(LinuxAbi.ENXIO()),
    EBADF(LinuxAbi.EBADF()),
    EAGAIN(LinuxAbi.EAGAIN()),
    ENOMEM(LinuxAbi.ENOMEM()),
    EACCES(LinuxAbi.EACCES()),
    EFAULT(LinuxAbi.EFAULT()),
    EBUSY(LinuxAbi.EBUSY()),
    EEXIST(LinuxAbi.EEXIST()),
    ENODEV(LinuxAbi.ENODEV()),
    ENOTDIR(LinuxAbi.ENOTDIR()),
    EISDIR(LinuxAbi.EISDIR()),
    EINVAL(LinuxAbi.EINVAL()),
    ENOSPC(LinuxAbi.ENOSPC()),
    ESPIPE(LinuxAbi.ESPIPE()),
    EROFS(LinuxAbi.EROFS()),
    EPIPE(LinuxAbi.EPIPE()),
    ERANGE(LinuxAbi.ERANGE()),
    ENOTTY(LinuxAbi.ENOTTY()),
    ENOSYS(LinuxAbi.ENOSYS()),
    ENODATA(LinuxAbi.ENODATA()),
    ETIME(LinuxAbi.ETIME()),
    EBADMSG(LinuxAbi.EBADMSG()),
    EOVERFLOW(LinuxAbi.EOVERFLOW()),
    EOPNOTSUPP(LinuxAbi.EOPNOTSUPP()),
    ENOTCONN(LinuxAbi.ENOTCONN()),
    ESHUTDOWN(LinuxAbi.ESHUTDOWN()),
    ETIMEDOUT(LinuxAbi.ETIMEDOUT()),
    ECANCELED(LinuxAbi.ECANCELED()),
    EUCLEAN(LinuxAbi.EUCLEAN()),
    EREMOTEIO(LinuxAbi.EREMOTEIO()),
    ENOMEDIUM(LinuxAbi.ENOMEDIUM()),
    EMEDIUMTYPE(LinuxAbi.EMEDIUMTYPE()),
    ENOTBLK(LinuxAbi.ENOTBLK()),
    ESTALE(LinuxAbi.ESTALE());

    private static final Map<Integer, Errno> BY_NUMBER =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Errno::number, Function.identity()));

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static Optional<Errno> of(int number) {
        return Optional.ofNullable(BY_NUMBER.get(number));
    }
}
