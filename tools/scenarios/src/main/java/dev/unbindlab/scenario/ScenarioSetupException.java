package dev.unbindlab.scenario;

/** The guest could not set the scenario up (a module failed to load, a device is missing): nothing was tested. */
public final class ScenarioSetupException extends Exception {

    public ScenarioSetupException(String message) {
        super(message);
    }

    public ScenarioSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
