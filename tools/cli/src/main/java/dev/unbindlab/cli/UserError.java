package dev.unbindlab.cli;

/** A refusal or a bad argument we detected ourselves; its message is the whole story. */
public final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
