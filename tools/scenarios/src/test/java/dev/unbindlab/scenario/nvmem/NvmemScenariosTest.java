package dev.unbindlab.scenario.nvmem;

import dev.unbindlab.scenario.Scenario;
import dev.unbindlab.scenario.Scenarios;
import dev.unbindlab.triage.ReportKind;
import dev.unbindlab.verdict.Expectation;
import dev.unbindlab.verdict.Verdict;
import dev.unbindlab.vm.Arch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NvmemScenariosTest {

    private static final List<String> ALL = List.of("nvmem-unbind-with-consumer", "nvmem-adapter-unplug", "nvmem-sysfs-only",
            "nvmem-mtd-removal", "nvmem-read-cost");

    @Test
    void registeredForX86OnTheNvmemVariantsOnly() {
        for (String name : ALL) {
            Scenario scenario = Scenarios.byName(name);
            assertEquals(Set.of(Arch.X86_64), scenario.arches(), name);
            for (String variant : List.of("vanilla", "nvmem-srcu-v1", "nvmem-srcu-v1-fixed")) {
                assertTrue(scenario.appliesTo(variant), name + " on " + variant);
            }
            assertFalse(scenario.appliesTo("mtdchar-revoke"), name);
        }
        assertFalse(Scenarios.byName("mtd-conformance").appliesTo("nvmem-srcu-v1"));
        assertTrue(Scenarios.byName("mtd-conformance").appliesTo("mtdchar-revoke"));
    }

    @Test
    void withAConsumerVanillaUsesFreedMemoryAndTheSeriesAsPostedLeaks() {
        for (NvmemUnbindScenario s : List.of(NvmemUnbindScenario.WITH_CONSUMER, NvmemUnbindScenario.ADAPTER_UNPLUG)) {
            assertEquals(Expectation.reproduced(ReportKind.KASAN, ReportKind.GPF, ReportKind.PAGING_REQUEST), s.expected("vanilla"));
            assertEquals(NvmemUnbindScenario.SRCU_NOT_CLEANED_UP, s.expected("nvmem-srcu-v1"));
            assertEquals(Expectation.of(Verdict.CLEAN), s.expected("nvmem-srcu-v1-fixed"));
        }
    }

    @Test
    void sysfsAloneIsDrainedByKernfsButStillLeaksWithTheSeriesAsPosted() {
        assertEquals(Expectation.of(Verdict.CLEAN), NvmemUnbindScenario.SYSFS_ONLY.expected("vanilla"));
        assertEquals(NvmemUnbindScenario.SRCU_NOT_CLEANED_UP, NvmemUnbindScenario.SYSFS_ONLY.expected("nvmem-srcu-v1"));
        assertEquals(java.util.Optional.of("init_srcu_struct_fields|srcu_\\w+|process_srcu"),
                NvmemUnbindScenario.SRCU_NOT_CLEANED_UP.firstReportFrame());
        assertEquals(Expectation.of(Verdict.CLEAN), NvmemUnbindScenario.SYSFS_ONLY.expected("nvmem-srcu-v1-fixed"));
    }

    @Test
    void mtdRemovalBreaksOnBothPortsOfTheSeries() {
        Scenario removal = Scenarios.byName("nvmem-mtd-removal");
        assertEquals(Expectation.of(Verdict.CLEAN), removal.expected("vanilla"));
        assertTrue(removal.expected("nvmem-srcu-v1").accepts(Verdict.REPRODUCED));
        assertTrue(removal.expected("nvmem-srcu-v1-fixed").accepts(Verdict.REPRODUCED));
        assertFalse(removal.expected("nvmem-srcu-v1-fixed").firstReportKinds().contains(ReportKind.KMEMLEAK));
    }

    @Test
    void eepromClientIsBusNumberAndAddress() {
        assertEquals("0-0050", SmbusEeprom.client("i2c-0"));
        assertEquals("12-0050", SmbusEeprom.client("i2c-12"));
    }

    @Test
    void consumerParametersNameTheDeviceAndTheCell() {
        assertEquals(List.of("nvmem_name=0-00501", "cell_offset=0", "cell_bytes=16"), ConsumerModule.parameters("0-00501", true));
        assertEquals(List.of("nvmem_name=cmos_nvram0"), ConsumerModule.parameters("cmos_nvram0", false));
    }
}
