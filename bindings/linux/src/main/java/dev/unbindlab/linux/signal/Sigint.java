package dev.unbindlab.linux.signal;

import dev.unbindlab.bindings.abi.LinuxAbi;
import dev.unbindlab.linux.LinuxException;
import dev.unbindlab.linux.ffi.Libc;

/**
 * SIGINT's disposition for the processes this one starts. A shell that runs a command as a
 * background job without job control (a guest's init, {@code nohup}) starts it with SIGINT
 * ignored; children inherit that, and a JVM that starts with SIGINT ignored installs no handler
 * for it, so Ctrl-C, or {@code kill -INT}, would not run its shutdown hooks. A test that must
 * send SIGINT as a terminal would puts it back to the default first.
 *
 * <p>Only SIGINT: the JVM installs its own SIGTERM handler, which this must not replace.
 */
public final class Sigint {

    private Sigint() {
    }

    /** {@code signal(SIGINT, SIG_DFL)}: this process and the processes it starts from now on get SIGINT's default action. */
    public static void restoreDefault() throws LinuxException {
        Libc.defaultSignalAction(LinuxAbi.SIGINT(), "SIGINT");
    }

    /** The signal's number (2 on every Linux architecture unbindlab runs on). */
    public static int number() {
        return LinuxAbi.SIGINT();
    }
}
