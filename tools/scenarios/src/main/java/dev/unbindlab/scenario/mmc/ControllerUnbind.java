package dev.unbindlab.scenario.mmc;

import dev.unbindlab.scenario.unbind.BindingGuard;

import java.time.Duration;

/** The card taken away by unbinding its controller from sdhci-pci, given back by binding it again. */
final class ControllerUnbind implements CardRemoval {

    private final BindingGuard guard;

    ControllerUnbind(BindingGuard guard) {
        this.guard = guard;
    }

    @Override
    public String describe() {
        return "unbind " + guard.device() + " from " + guard.driver();
    }

    @Override
    public void remove() throws Exception {
        guard.unbind();
    }

    @Override
    public void insert() throws Exception {
        guard.bind();
    }

    @Override
    public void giveUp(String why) {
        guard.giveUp(why);
    }

    @Override
    public String restore(Duration timeout) {
        return guard.restore(timeout);
    }
}
