package dev.unbindlab.scenario.spinor;

/**
 * The device a scenario unbinds each cycle.
 *
 * @param device    {@code BUS/NAME} as {@link dev.unbindlab.linux.sysfs.DriverBinding#resolve} takes it
 * @param driver    the driver it must be bound to when the scenario starts (and is bound to again)
 * @param mtdParent whether it is the MTD's own parent device (checked at setup, so a changed
 *                  device tree is a setup error rather than a scenario that unbinds something else)
 */
record UnbindTarget(String device, String driver, boolean mtdParent) {

    @Override
    public String toString() {
        return device + " from " + driver;
    }
}
