package dev.unbindlab.scenario.unbind;

import java.time.Duration;

/**
 * The one change a run makes to the device (a driver unbound, a card taken out) and puts back on
 * every exit path: the run's end, an exception, SIGTERM from the guest init at its time limit.
 */
public interface Restorable {

    /**
     * From now on {@link #restore} leaves the device as it is, e.g. after a kernel report, when
     * putting it back only adds damage to a kernel that is already broken.
     */
    void giveUp(String why);

    /** Puts the device back if the run left it changed; says what it did; never throws. */
    String restore(Duration timeout);
}
