package dev.unbindlab.runner;

import dev.unbindlab.triage.KernelReport;
import dev.unbindlab.verdict.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The same cell booted several times: how often each verdict came, which reports (title and
 * guilty frame) and in which cycle. A reproduction rate is only worth quoting per boot: one boot
 * is one chance for the race, however many cycles it ran.
 */
public record BootSeries(String cell, List<ScenarioResult> boots) {

    public BootSeries {
        boots = List.copyOf(boots);
        if (boots.isEmpty()) {
            throw new IllegalArgumentException("a series needs at least one boot");
        }
    }

    /** How many boots gave each verdict, in the verdicts' order. */
    public Map<Verdict, Integer> verdicts() {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        boots.forEach(b -> counts.merge(b.verdict().verdict(), 1, Integer::sum));
        return counts;
    }

    public int asExpected() {
        return (int) boots.stream().filter(ScenarioResult::asExpected).count();
    }

    /** First report of each boot that had one, as "title | guilty frame", most frequent first. */
    public Map<String, Integer> firstReports() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ScenarioResult b : boots) {
            b.verdict().reports().stream().findFirst().ifPresent(r -> counts.merge(describe(r), 1, Integer::sum));
        }
        return sortedByCount(counts);
    }

    static String describe(KernelReport report) {
        return report.title() + " | " + report.guiltyFrame().orElse("-");
    }

    /** The cycle (1-based) in which a boot's first problem came, if its KTAP has cycles and one failed. */
    public static OptionalInt firstProblemCycle(ScenarioResult boot) {
        return boot.verdict().ktap().tests().stream()
                .filter(t -> t.name().startsWith("cycle-") && t.failed())
                .mapToInt(t -> Integer.parseInt(t.name().substring("cycle-".length())))
                .findFirst();
    }

    /** Cycles a boot ran to the end without a problem. */
    public static int cyclesOk(ScenarioResult boot) {
        return (int) boot.verdict().ktap().tests().stream()
                .filter(t -> t.name().startsWith("cycle-") && t.ok() && !t.skipped()).count();
    }

    /** Boots whose first problem came in cycle N, by N. */
    public Map<Integer, Integer> firstProblemCycles() {
        Map<Integer, Integer> counts = new TreeMap<>();
        boots.forEach(b -> firstProblemCycle(b).ifPresent(c -> counts.merge(c, 1, Integer::sum)));
        return counts;
    }

    public OptionalDouble medianBootSeconds() {
        return median(boots.stream().map(ScenarioResult::bootSeconds).filter(OptionalDouble::isPresent)
                .map(OptionalDouble::getAsDouble).toList());
    }

    public OptionalDouble medianRunSeconds() {
        return median(boots.stream().map(b -> b.run().duration().toMillis() / 1000.0).toList());
    }

    /** One line per boot and a summary, for people. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        int n = boots.size();
        for (int i = 0; i < n; i++) {
            lines.add(describeBoot(boots.get(i), i + 1, n));
        }
        StringBuilder verdictLine = new StringBuilder(cell + ": ");
        verdicts().forEach((v, c) -> verdictLine.append(v.label()).append(' ').append(c).append('/').append(n)
                .append(String.format(Locale.ROOT, " (%.0f%%) ", 100.0 * c / n)));
        lines.add(verdictLine.toString().stripTrailing() + "; as expected " + asExpected() + "/" + n);
        firstReports().forEach((r, c) -> lines.add("  " + c + "x " + r));
        if (!firstProblemCycles().isEmpty()) {
            lines.add("  first problem in cycle: " + firstProblemCycles());
        }
        lines.add(String.format(Locale.ROOT, "  median boot %.1f s, median run %.1f s",
                medianBootSeconds().orElse(Double.NaN), medianRunSeconds().orElse(Double.NaN)));
        return lines;
    }

    /** {@code boot 2/8: reproduced: <title> | <frame> (cycle 1), 24.6 s}: one boot of {@code planned}. */
    public static String describeBoot(ScenarioResult boot, int number, int planned) {
        OptionalInt cycle = firstProblemCycle(boot);
        Optional<KernelReport> report = boot.verdict().reports().stream().findFirst();
        return String.format(Locale.ROOT, "boot %d/%d: %s%s%s, %.1f s", number, planned, boot.verdict().verdict().label(),
                report.map(r -> ": " + describe(r)).orElse(""),
                cycle.isPresent() ? " (cycle " + cycle.getAsInt() + ")" : ", " + cyclesOk(boot) + " cycles ok",
                boot.run().duration().toMillis() / 1000.0);
    }

    private static OptionalDouble median(List<Double> values) {
        if (values.isEmpty()) {
            return OptionalDouble.empty();
        }
        List<Double> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return OptionalDouble.of(sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2);
    }

    private static Map<String, Integer> sortedByCount(Map<String, Integer> counts) {
        Map<String, Integer> sorted = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
