package dev.unbindlab.ktap;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KtapParserTest {

    /** The example of Documentation/dev-tools/ktap.rst, with a console line mixed in. */
    private static final String KERNEL_DOC_EXAMPLE = String.join("\n",
            "KTAP version 1",
            "1..1",
            "  KTAP version 1",
            "  1..3",
            "    KTAP version 1",
            "    1..1",
            "    # test_1: initializing test_1",
            "    ok 1 test_1",
            "  ok 1 example_test_1",
            "[   12.000000] random: crng init done",
            "    KTAP version 1",
            "    1..2",
            "    ok 1 test_1 # SKIP test_1 skipped",
            "    ok 2 test_2",
            "  ok 2 example_test_2",
            "    KTAP version 1",
            "    1..3",
            "    ok 1 test_1",
            "    # test_2: FAIL",
            "    not ok 2 test_2",
            "    ok 3 test_3 # SKIP test_3 skipped",
            "  not ok 3 example_test_3",
            "not ok 1 main_test",
            "");

    @Test
    void parsesTheKernelDocumentationExample() {
        KtapDocument doc = Ktap.parse(KERNEL_DOC_EXAMPLE);
        assertEquals(OptionalInt.of(1), doc.plan());
        assertTrue(doc.complete());
        KtapTest main = doc.tests().getFirst();
        assertEquals("main_test", main.name());
        assertTrue(main.failed());
        assertEquals(List.of("example_test_1", "example_test_2", "example_test_3"),
                main.subtests().stream().map(KtapTest::name).toList());
        KtapTest third = main.subtests().get(2);
        assertEquals(List.of("test_2: FAIL"), third.subtests().get(1).diagnostics());
        assertTrue(third.subtests().get(2).skipped());
        assertEquals(Optional.of("test_3 skipped"), third.subtests().get(2).reason());
        assertEquals(1, main.subtests().getFirst().subtests().size());
    }

    @Test
    void incompleteWhenTheProducerDied() {
        KtapDocument doc = Ktap.parse("KTAP version 1\n1..3\nok 1 first\nok 2 second\n");
        assertFalse(doc.complete());
        assertFalse(doc.anyFailed());
        assertFalse(Ktap.parse("garbage\n").complete());
        assertFalse(Ktap.parse(null).complete());
    }

    @Test
    void writesWhatItReads() {
        List<KtapTest> tests = List.of(
                KtapTest.passed(1, "cycles-1-10", List.of("cycles=10 errors=ENODEV:3")),
                KtapTest.failed(2, "cycles-11-20", List.of("sha256 mismatch after rebind")),
                KtapTest.skipped(3, "held-open", "no MTD named spi0.0"),
                new KtapTest(4, "group", true, Optional.empty(), Optional.empty(), List.of(),
                        List.of(KtapTest.passed(1, "inner", List.of()))));
        String text = Ktap.write(tests);
        assertTrue(text.startsWith("KTAP version 1\n1..4\n# cycles=10 errors=ENODEV:3\nok 1 cycles-1-10\n"), text);
        assertTrue(text.contains("ok 3 held-open # SKIP no MTD named spi0.0\n"), text);
        assertTrue(text.contains("    KTAP version 1\n    1..1\n    ok 1 inner\nok 4 group\n"), text);
        KtapDocument back = Ktap.parse(text);
        assertEquals(tests, back.tests());
        assertTrue(back.complete());
        assertTrue(back.anyFailed());
    }

    @Test
    void hashInANameCannotForgeADirective() {
        String line = Ktap.resultLine(KtapTest.passed(1, "a # SKIP b", List.of()));
        assertEquals("ok 1 a _ SKIP b", line);
        assertFalse(Ktap.parse("KTAP version 1\n1..1\n" + line + "\n").tests().getFirst().skipped());
    }
}
