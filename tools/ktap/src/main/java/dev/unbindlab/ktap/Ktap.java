package dev.unbindlab.ktap;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes KTAP version 1 (Documentation/dev-tools/ktap.rst), the format kselftest,
 * KUnit and LAVA's test parsers understand. Lines that are not KTAP (a console's other output)
 * are ignored, so a guest can print results on a shared channel.
 */
public final class Ktap {

    private static final Pattern VERSION = Pattern.compile("^(\\s*)(?:KTAP|TAP) version \\d+\\s*$");
    private static final Pattern PLAN = Pattern.compile("^(\\s*)1\\.\\.(\\d{1,9})\\s*$");
    private static final Pattern RESULT = Pattern.compile(
            "^(\\s*)(ok|not ok) (\\d{1,9})(?: (?:- )?([^#]*?))?\\s*(?:#\\s*(SKIP|TODO|XFAIL)\\b\\s*(.*))?$");
    private static final Pattern DIAGNOSTIC = Pattern.compile("^(\\s*)# ?(.*)$");

    private Ktap() {
    }

    public static KtapDocument parse(String text) {
        List<String> lines = text == null ? List.of() : text.lines().toList();
        Level top = new Level(0);
        List<Level> stack = new ArrayList<>(List.of(top));
        for (String line : lines) {
            Matcher v = VERSION.matcher(line);
            if (v.matches()) {
                int indent = v.group(1).length();
                if (indent > stack.getLast().indent) {
                    stack.add(new Level(indent));
                }
                continue;
            }
            Matcher p = PLAN.matcher(line);
            if (p.matches()) {
                levelFor(stack, p.group(1).length()).plan = OptionalInt.of(Integer.parseInt(p.group(2)));
                continue;
            }
            Matcher r = RESULT.matcher(line);
            if (r.matches()) {
                int indent = r.group(1).length();
                Level level = levelFor(stack, indent);
                // A result at this indent closes every deeper level: those were its subtests.
                List<KtapTest> subtests = List.of();
                while (stack.getLast() != level) {
                    subtests = stack.removeLast().tests;
                }
                level.tests.add(new KtapTest(Integer.parseInt(r.group(3)),
                        Optional.ofNullable(r.group(4)).map(String::strip).orElse(""),
                        r.group(2).equals("ok"), Optional.ofNullable(r.group(5)),
                        Optional.ofNullable(r.group(6)).map(String::strip).filter(s -> !s.isEmpty()),
                        level.pendingDiagnostics, subtests));
                level.pendingDiagnostics = new ArrayList<>();
                continue;
            }
            Matcher d = DIAGNOSTIC.matcher(line);
            if (d.matches()) {
                levelFor(stack, d.group(1).length()).pendingDiagnostics.add(d.group(2));
            }
        }
        return new KtapDocument(top.plan, top.tests);
    }

    /** The deepest open level whose indent is at most {@code indent}. */
    private static Level levelFor(List<Level> stack, int indent) {
        for (int i = stack.size() - 1; i >= 0; i--) {
            if (stack.get(i).indent <= indent) {
                return stack.get(i);
            }
        }
        return stack.getFirst();
    }

    private static final class Level {
        final int indent;
        OptionalInt plan = OptionalInt.empty();
        final List<KtapTest> tests = new ArrayList<>();
        List<String> pendingDiagnostics = new ArrayList<>();

        Level(int indent) {
            this.indent = indent;
        }
    }

    /** Writes a whole document: version line, plan, then each test (subtests indented). */
    public static String write(List<KtapTest> tests) {
        StringBuilder out = new StringBuilder();
        write(out, tests, "");
        return out.toString();
    }

    private static void write(StringBuilder out, List<KtapTest> tests, String indent) {
        out.append(indent).append("KTAP version 1\n");
        out.append(indent).append("1..").append(tests.size()).append('\n');
        for (KtapTest test : tests) {
            test.diagnostics().forEach(d -> out.append(indent).append("# ").append(d).append('\n'));
            if (!test.subtests().isEmpty()) {
                write(out, test.subtests(), indent + "    ");
            }
            out.append(indent).append(resultLine(test)).append('\n');
        }
    }

    /** One result line, e.g. {@code not ok 3 cycle-group-3 # SKIP no MTD named spi0.0}. */
    public static String resultLine(KtapTest test) {
        StringBuilder line = new StringBuilder(test.ok() ? "ok " : "not ok ").append(test.number());
        if (!test.name().isEmpty()) {
            line.append(' ').append(test.name().replace('#', '_'));
        }
        test.directive().ifPresent(d -> line.append(" # ").append(d).append(test.reason().map(r -> " " + r).orElse("")));
        return line.toString();
    }
}
