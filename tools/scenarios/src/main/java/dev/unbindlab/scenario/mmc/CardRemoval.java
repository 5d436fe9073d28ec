package dev.unbindlab.scenario.mmc;

import dev.unbindlab.scenario.unbind.Restorable;

/**
 * How a cycle takes the card away from the running system and gives it back: the card pulled
 * out of the slot (QEMU side) or the controller's driver unbound (sysfs).
 */
interface CardRemoval extends Restorable {

    /** What {@link #remove} does, for the console and the KTAP diagnostics. */
    String describe();

    /** Takes the card away; returns once the request is made (the guest notices a card removal asynchronously). */
    void remove() throws Exception;

    /** Gives it back. */
    void insert() throws Exception;
}
