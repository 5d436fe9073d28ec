package dev.unbindlab.scenario.stresscli;

import dev.unbindlab.linux.sysfs.DeviceRef;
import dev.unbindlab.stress.UnbindTarget;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StressCliScenarioTest {

    @Test
    void rigsNameWhatTheCommandLineTakes() {
        for (StressCliScenario.Rig rig : new StressCliScenario.Rig[] {StressCliScenario.Rig.SPI_NOR, StressCliScenario.Rig.MTD_UNBINDABLE}) {
            UnbindTarget target = UnbindTarget.parse(rig.unbind());
            assertEquals(rig.driver(), target.driver());
            assertEquals(rig.device().toString(), target.device());
        }
        assertEquals(new DeviceRef("spi", "spi0.0"), StressCliScenario.Rig.SPI_NOR.device());
        assertEquals(new DeviceRef("platform", "mtd-unbindable.0"), StressCliScenario.Rig.MTD_UNBINDABLE.device());
    }

    @Test
    void runsOnlyWhereTheUnbindIsClean() {
        StressCliScenario scenario = new StressCliScenario();
        assertTrue(scenario.appliesTo("mtdchar-revoke"));
        assertFalse(scenario.appliesTo("vanilla"), "a reproducing kernel would test the kernel, not the tool");
    }

    @Test
    void readsTopLevelFieldsOfTheIndentedJson() {
        String json = """
                {
                  "device" : "f1010000.spi.0", "device_kind" : "MTD",
                  "cycles_ok" : 3,
                  "errors" : {
                    "cycles_ok" : 9
                  },
                  "verdict" : "clean"
                }""";
        assertEquals(Optional.of("3"), StressCliScenario.Checks.field(json, "cycles_ok"));
        assertEquals(Optional.of("\"clean\""), StressCliScenario.Checks.field(json, "verdict"));
        assertEquals(Optional.empty(), StressCliScenario.Checks.field(json, "seed"));
    }
}
