package dev.unbindlab.scenario.mtdconformance;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldComparisonTest {

    @Test
    void integralNumbersCompareByValue() {
        assertTrue(new FieldComparison().field("data length", 512L, "requested", 512).agrees());
        assertFalse(new FieldComparison().field("data length", 511L, "requested", 512).agrees());
    }

    @Test
    void longByteRangesReportTheFirstDifferingDeviceOffset() {
        byte[] java = new byte[16384];
        byte[] tool = java.clone();
        tool[0x10] = (byte) 0xff;
        tool[0x20] = 1;
        FieldComparison c = new FieldComparison().bytes("data 0x4000+0x4000", 0x4000, java, "nanddump", tool);
        assertFalse(c.agrees());
        assertEquals(List.of("MISMATCH data 0x4000+0x4000 (first difference at 0x4010): java=0x00 of 16384 bytes nanddump=0xff of 16384 bytes"),
                c.diagnostics());
    }

    @Test
    void aShorterRangeDiffersWhereItEnds() {
        byte[] java = new byte[100];
        FieldComparison c = new FieldComparison().bytes("data", 0x1000, java, "mtd_debug read", Arrays.copyOf(java, 64));
        assertFalse(c.agrees());
        assertEquals(List.of("MISMATCH data (first difference at 0x1040): java=0x00 of 100 bytes mtd_debug read=(ends) of 64 bytes"),
                c.diagnostics());
    }

    @Test
    void shortRangesArePrintedInFull() {
        FieldComparison c = new FieldComparison().bytes("OOB", 0, new byte[] {1, 2}, "nanddump", new byte[] {1, 2});
        assertEquals(List.of("OOB: java=0102 nanddump=0102"), c.diagnostics());
        assertTrue(c.agrees());
    }

    @Test
    void nothingComparedOrAProblemIsNotAgreement() {
        assertFalse(new FieldComparison().agrees());
        assertEquals(List.of("PROBLEM nothing was compared"), new FieldComparison().diagnostics());
        FieldComparison c = new FieldComparison().field("size", 1, "mtdinfo", 1).problem("mtdinfo exited 1");
        assertFalse(c.agrees());
        assertEquals(List.of("PROBLEM mtdinfo exited 1", "size: java=1 mtdinfo=1"), c.diagnostics());
    }
}
