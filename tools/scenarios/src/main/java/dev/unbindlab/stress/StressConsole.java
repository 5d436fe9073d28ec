package dev.unbindlab.stress;

import dev.unbindlab.ktap.KtapStream;

import java.io.IOException;

/**
 * Where a stress run writes: the guest's serial console and results share when a VM scenario
 * runs it ({@link dev.unbindlab.scenario.GuestContext}), stderr and an in-memory KTAP stream
 * when {@code unbindlab stress} runs it on a board.
 */
public interface StressConsole {

    /** One line for the person watching. */
    void log(String line);

    /** One line as it is: kernel text (kmemleak reports) that a triage must parse. */
    void logVerbatim(String line);

    /** Opens the KTAP stream with {@code plan} top-level tests; once per run. */
    KtapStream ktap(int plan) throws IOException;
}
