package dev.unbindlab.ktap;

import java.util.List;
import java.util.Optional;

/**
 * One KTAP test result line with its subtests.
 *
 * @param number      its number in the plan
 * @param name        the description after the number
 * @param ok          {@code ok} rather than {@code not ok}
 * @param directive   {@code SKIP}, {@code TODO} or {@code XFAIL}, if any
 * @param reason      the directive's text (why it was skipped)
 * @param diagnostics the {@code #} lines before the result
 * @param subtests    nested results (KTAP indents them by four spaces)
 */
public record KtapTest(int number, String name, boolean ok, Optional<String> directive, Optional<String> reason,
                       List<String> diagnostics, List<KtapTest> subtests) {

    public KtapTest {
        diagnostics = List.copyOf(diagnostics);
        subtests = List.copyOf(subtests);
    }

    public boolean skipped() {
        return directive.filter("SKIP"::equals).isPresent();
    }

    /** Failed: {@code not ok} and not an expected failure or TODO. */
    public boolean failed() {
        return !ok && directive.filter(d -> d.equals("TODO") || d.equals("XFAIL")).isEmpty();
    }

    public static KtapTest passed(int number, String name, List<String> diagnostics) {
        return new KtapTest(number, name, true, Optional.empty(), Optional.empty(), diagnostics, List.of());
    }

    public static KtapTest failed(int number, String name, List<String> diagnostics) {
        return new KtapTest(number, name, false, Optional.empty(), Optional.empty(), diagnostics, List.of());
    }

    public static KtapTest skipped(int number, String name, String reason) {
        return new KtapTest(number, name, true, Optional.of("SKIP"), Optional.of(reason), List.of(), List.of());
    }
}
