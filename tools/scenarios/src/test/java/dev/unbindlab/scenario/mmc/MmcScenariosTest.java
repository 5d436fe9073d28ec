package dev.unbindlab.scenario.mmc;

import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.Scenarios;
import dev.unbindlab.scenario.VmNeeds;
import dev.unbindlab.verdict.Expectation;
import dev.unbindlab.verdict.Verdict;
import dev.unbindlab.vm.Arch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MmcScenariosTest {

    @Test
    void bothRunOnX86VanillaAndExpectItClean() {
        for (String name : List.of("mmc-card-removal", "mmc-controller-unbind")) {
            Scenario scenario = Scenarios.byName(name);
            assertEquals(Set.of(Arch.X86_64), scenario.arches(), name);
            assertTrue(scenario.appliesTo("vanilla"), name);
            assertFalse(scenario.appliesTo("mtdchar-revoke"), name);
            assertEquals(Expectation.of(Verdict.CLEAN), scenario.expected("vanilla"), name);
        }
    }

    @Test
    void onlyTheCardRemovalTalksToQemu() {
        VmNeeds card = MmcRemovalScenario.CARD_REMOVAL.vmNeeds(Arch.X86_64);
        VmNeeds controller = MmcRemovalScenario.CONTROLLER_UNBIND.vmNeeds(Arch.X86_64);
        assertTrue(card.hostMonitor());
        assertFalse(controller.hostMonitor());
        for (VmNeeds needs : List.of(card, controller)) {
            assertEquals(1, needs.disks().size());
            assertEquals(MmcRemovalScenario.DRIVE_ID, needs.disks().getFirst().id());
            assertTrue(needs.qemuArguments().contains("sd-card,drive=sdcard,id=" + QemuCardSlot.CARD_ID), needs.qemuArguments().toString());
        }
    }
}
