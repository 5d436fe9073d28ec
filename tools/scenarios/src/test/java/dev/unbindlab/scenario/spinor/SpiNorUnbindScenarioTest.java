package dev.unbindlab.scenario.spinor;

import dev.unbindlab.scenario.Scenarios;
import dev.unbindlab.verdict.Expectation;
import dev.unbindlab.verdict.Verdict;
import dev.unbindlab.vm.Arch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpiNorUnbindScenarioTest {

    @Test
    void allAreRegisteredByName() {
        for (String name : List.of("spi-nor-unbind-controller", "spi-nor-unbind-device", "spi-nor-held-open", "spi-nor-slow-inflight",
                "spi-nor-queued-readers")) {
            var scenario = Scenarios.byName(name);
            assertTrue(SpiNorUnbindScenario.ALL.contains(scenario), name);
            assertEquals(Set.of(Arch.ARM64), scenario.arches());
            assertEquals(Expectation.of(Verdict.REPRODUCED), scenario.expected("vanilla"), name);
            assertEquals(Expectation.of(Verdict.CLEAN), scenario.expected("mtdchar-revoke"), name);
        }
    }

    @Test
    void theV2PatchWaitsForOneReadButRacesQueuedReadersAndMissesAFileHeldOpen() {
        assertEquals(Expectation.of(Verdict.CLEAN), SpiNorUnbindScenario.SLOW_INFLIGHT.expected("spinor-notifier-v2"));
        assertEquals(Expectation.racy(), SpiNorUnbindScenario.UNBIND_CONTROLLER.expected("spinor-notifier-v2"));
        assertEquals(Expectation.racy(), SpiNorUnbindScenario.UNBIND_DEVICE.expected("spinor-notifier-v2"));
        assertEquals(Expectation.of(Verdict.REPRODUCED), SpiNorUnbindScenario.QUEUED_READERS.expected("spinor-notifier-v2"));
        assertEquals(Expectation.of(Verdict.REPRODUCED), SpiNorUnbindScenario.HELD_OPEN.expected("spinor-notifier-v2"));
    }

    @Test
    void targetsAreTheSeedsTwoDevices() {
        assertSame(SpiNorRig.CONTROLLER, SpiNorUnbindScenario.UNBIND_CONTROLLER.target());
        assertEquals("platform/f1010000.spi", SpiNorRig.CONTROLLER.device());
        assertEquals("cadence-qspi", SpiNorRig.CONTROLLER.driver());
        assertSame(SpiNorRig.FLASH_DEVICE, SpiNorUnbindScenario.UNBIND_DEVICE.target());
        assertEquals("spi/spi0.0", SpiNorRig.FLASH_DEVICE.device());
        assertEquals("spi-nor", SpiNorRig.FLASH_DEVICE.driver());
    }

    @Test
    void inflightReadLastsLongerThanTheV2PatchSleepAtTheMeasuredSpeed() {
        long flash = 16L << 20;
        // 4.5 MiB/s (dd under TCG): 1.5 s is 6.75 MiB, already a 64 KiB multiple.
        int size = InflightRead.sizeFor(4.5 * 1048576, flash);
        assertEquals(7_077_888, size); // 6.75 MiB
        double secondsLeftAtUnbind = size / (4.5 * 1048576) - InflightRead.LEAD.toMillis() / 1000.0;
        assertTrue(secondsLeftAtUnbind > 0.3, "in flight > 300 ms after the unbind starts: " + secondsLeftAtUnbind);
        // Slow guest (2.4 MiB/s measured under load): never below 4 MiB.
        assertEquals(4L << 20, InflightRead.sizeFor(2.4 * 1048576, flash));
        // Fast (KVM-like): capped at the flash size.
        assertEquals(flash, InflightRead.sizeFor(100.0 * 1048576, flash));
    }
}
