package dev.unbindlab.kernel;

/** A kernel or module build could not be done; the message says what is missing or which step failed. */
public final class BuildFailedException extends Exception {

    public BuildFailedException(String message) {
        super(message);
    }

    public BuildFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
