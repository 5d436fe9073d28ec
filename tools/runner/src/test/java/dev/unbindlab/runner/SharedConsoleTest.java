package dev.unbindlab.runner;

import dev.unbindlab.scenario.Scenarios;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SharedConsoleTest {

    @Test
    void eachScenarioStartsAtItsOwnMarkerAndOneNeverReachedHasNone() {
        List<String> console = List.of(
                "[    2.1] 9pnet: Installing 9P2000 support",
                "unbindlab-init: up 4.50 s",
                "unbindlab: shared boot: 3 scenarios, mtd-conformance, nvmem-sysfs-only, mmc-card-removal",
                "unbindlab: scenario mtd-conformance starts",
                "[   20.0] mtd: mtdram loaded",
                // A kernel message can land in the middle of our line on the serial console.
                "[   31.2] at24 0-0050: 256 byte 24c02 EEPROM, writable, 1 bytes/wunbindlab: scenario nvmem-sysfs-only starts",
                "unbindlab: shared boot stops after nvmem-sysfs-only (exit status 1, taint G)");
        assertEquals(List.of(4, 6, -1), ScenarioRunner.startLines(
                List.of(Scenarios.byName("mtd-conformance"), Scenarios.byName("nvmem-sysfs-only"), Scenarios.byName("mmc-card-removal")),
                console));
    }
}
