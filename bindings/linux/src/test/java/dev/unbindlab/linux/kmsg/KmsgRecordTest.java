package dev.unbindlab.linux.kmsg;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KmsgRecordTest {

    @Test
    void parsesPlainRecord() {
        KmsgRecord r = KmsgRecord.parse("6,339,5140900,-;NET: Registered protocol family 10\n");
        assertEquals(339, r.sequence());
        assertEquals(0, r.facility());
        assertEquals(6, r.level());
        assertEquals(5_140_900, r.timestampMicros());
        assertFalse(r.continuation());
        assertEquals(Optional.empty(), r.caller());
        assertEquals("NET: Registered protocol family 10", r.message());
        assertEquals("[    5.140900] NET: Registered protocol family 10", r.toConsoleLine());
    }

    @Test
    void parsesCallerDictionaryAndFacility() {
        KmsgRecord r = KmsgRecord.parse("30,1234,98765432,-,caller=T466;spi-nor spi0.0: n25q128a11 (16384 Kbytes)\n"
                + " SUBSYSTEM=spi\n DEVICE=+spi:spi0.0\n");
        assertEquals(3, r.facility());
        assertEquals(6, r.level());
        assertEquals(Optional.of("T466"), r.caller());
        assertEquals(Map.of("SUBSYSTEM", "spi", "DEVICE", "+spi:spi0.0"), r.dictionary());
        assertEquals("spi-nor spi0.0: n25q128a11 (16384 Kbytes)", r.message());
    }

    @Test
    void unescapesNonPrintableBytes() {
        KmsgRecord r = KmsgRecord.parse("4,7,100,c;tab\\x09here \\xe2\\x9c\\x93 and a bare \\x and \\xZZ\n");
        assertTrue(r.continuation());
        assertEquals("tab\there \u2713 and a bare \\x and \\xZZ", r.message());
    }

    @Test
    void kasanHeaderSurvivesVerbatim() {
        KmsgRecord r = KmsgRecord.parse(
                "3,2001,61234567,-;BUG: KASAN: slab-use-after-free in mtdchar_read+0x1d8/0x3a0\n");
        assertEquals(3, r.level());
        assertEquals("BUG: KASAN: slab-use-after-free in mtdchar_read+0x1d8/0x3a0", r.message());
    }

    @Test
    void rejectsMalformedRecordsWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KmsgRecord.parse("no separator"))
                .getMessage().contains("no ';'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KmsgRecord.parse("6,1;x"))
                .getMessage().contains("PRI,SEQ,TS,FLAG"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KmsgRecord.parse("6,abc,1,-;x"))
                .getMessage().contains("sequence"));
    }
}
