package dev.unbindlab.scenario.unbind;

/** A step of a cycle that must work (load a module, mount, read before the change) failed: the run stops, not a kernel finding by itself. */
public final class StepFailed extends Exception {

    public StepFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
