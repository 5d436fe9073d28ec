package dev.unbindlab.triage;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The two arm64 oopses of the spi-nor seed, as posted to the list. */
class SeedTraceTest {

    @Test
    void controllerUnbindIsAnInternalErrorInTheCadenceDriver() {
        List<KernelReport> reports = Triage.analyze(Logs.resource("seed/spi-nor-controller-unbind-6.14.log"));
        assertEquals(1, reports.size());
        KernelReport r = reports.getFirst();
        assertEquals(ReportKind.INTERNAL_ERROR, r.kind());
        assertEquals("Internal error: synchronous external abort in cqspi_indirect_read_execute", r.title());
        assertEquals(Optional.of("cqspi_indirect_read_execute"), r.guiltyFrame());
        assertEquals("cqspi_indirect_read_execute.isra.0", r.callTrace().getFirst(), "trace keeps raw names");
        assertEquals("mtdchar_read", r.callTrace().get(10));
        assertFalse(r.truncated());
    }

    @Test
    void deviceUnbindIsAPagingRequestInSpiMem() {
        List<KernelReport> reports = Triage.analyze(Logs.resource("seed/spi-nor-device-unbind-6.14.log"));
        assertEquals(1, reports.size(), "the Internal error line belongs to the paging request");
        KernelReport r = reports.getFirst();
        assertEquals(ReportKind.PAGING_REQUEST, r.kind());
        assertEquals("Unable to handle kernel paging request in spi_mem_exec_op", r.title());
        assertEquals("PAGING_REQUEST\tUnable to handle kernel paging request in spi_mem_exec_op\tspi_mem_exec_op",
                r.summaryLine());
    }
}
