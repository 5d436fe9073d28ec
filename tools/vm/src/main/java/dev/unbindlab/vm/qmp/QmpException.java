package dev.unbindlab.vm.qmp;

/** QEMU refused a QMP command: its error class (e.g. {@code GenericError}) and description. */
public final class QmpException extends Exception {

    private final String errorClass;
    private final String description;

    public QmpException(String command, String errorClass, String description) {
        super("QMP " + command + ": " + errorClass + ": " + description);
        this.errorClass = errorClass;
        this.description = description;
    }

    public String errorClass() {
        return errorClass;
    }

    public String description() {
        return description;
    }
}
