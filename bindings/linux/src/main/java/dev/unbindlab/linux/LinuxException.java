package dev.unbindlab.linux;

import java.io.IOException;
import java.util.Optional;

/**
 * A system call failed. Carries the errno number and its symbolic name (ENODEV, EBUSY, ENOTTY...)
 * because those, not the localized text, are what device-lifetime tests assert on.
 */
public final class LinuxException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int errno;
    private final String errnoName;
    private final String operation;
    private final String path;

    public LinuxException(int errno, String errnoName, String description, String operation, String path) {
        super((path == null ? "" : path + ": ") + operation + ": " + errnoName + " (" + description + ")");
        this.errno = errno;
        this.errnoName = errnoName;
        this.operation = operation;
        this.path = path;
    }

    /** The raw errno value. */
    public int errno() {
        return errno;
    }

    /** The symbolic name, e.g. {@code "ENOTTY"}; {@code "errno 4095"} for a number libc cannot name. */
    public String errnoName() {
        return errnoName;
    }

    /** The failed call, e.g. {@code "open"} or {@code "ioctl MEMGETINFO"}. */
    public String operation() {
        return operation;
    }

    /** The file the call was made on, when there was one. */
    public Optional<String> path() {
        return Optional.ofNullable(path);
    }

    public boolean is(Errno expected) {
        return errno == expected.number();
    }

    /** The well-known errno this is, if it is one of {@link Errno}. */
    public Optional<Errno> knownErrno() {
        return Errno.of(errno);
    }
}
