package dev.unbindlab.ktap;

import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KtapStreamTest {

    @Test
    void everyLineIsWrittenAsItHappensAndParsesBack() {
        StringWriter out = new StringWriter();
        List<String> echoed = new ArrayList<>();
        KtapStream stream = new KtapStream(out, 3, echoed::add);
        stream.pass("info-matches", List.of("size 1048576"));
        // A crash here leaves an incomplete but readable document.
        KtapDocument partial = Ktap.parse(out.toString());
        assertEquals(1, partial.tests().size());
        assertFalse(partial.complete());

        stream.fail("oob-round-trip", List.of("expected 0xff\nread 0x00"));
        stream.skip("ecc-stats", "no ECC on mtdram");
        KtapDocument whole = Ktap.parse(out.toString());
        assertTrue(whole.complete());
        assertEquals(List.of("info-matches", "oob-round-trip", "ecc-stats"), whole.tests().stream().map(KtapTest::name).toList());
        assertTrue(whole.tests().get(1).failed());
        assertEquals(List.of("expected 0xff", "read 0x00"), whole.tests().get(1).diagnostics());
        assertTrue(whole.tests().get(2).skipped());
        assertEquals(out.toString().lines().toList(), echoed);
    }

    @Test
    void refusesMoreResultsThanPlanned() {
        KtapStream stream = new KtapStream(new StringWriter(), 1, line -> { });
        stream.pass("one", List.of());
        assertThrows(IllegalStateException.class, () -> stream.pass("two", List.of()));
    }
}
